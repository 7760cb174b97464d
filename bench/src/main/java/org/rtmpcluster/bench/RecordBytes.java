package org.rtmpcluster.bench;

import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.StreamRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sizes of the registry's records as Hazelcast holds and sends them, for the fan-out model: the records are
 * {@link Serializable}, so Hazelcast writes them with Java serialization after its 8-byte header (partition hash,
 * type id); a string key is the header, a 4-byte length and its bytes. The sample records have real-sized fields
 * (node ids are UUIDs, addresses IPv4:port); checked against Hazelcast 5.3.8's {@code toData} once (244 B for a
 * stream record, 456 B for a node record, 28 B for the key {@code live/stream-0001}).
 */
final class RecordBytes {
    private static final int HEADER = 8;
    private static final String UUID = "f4c40635-0d5c-4a5e-9d1e-3c0a3a6f1b2e";
    static final int UUID_KEY_BYTES = key(UUID);

    private RecordBytes() {
    }

    static int key(String key) {
        return HEADER + 4 + key.getBytes(StandardCharsets.UTF_8).length;
    }

    static int streamRecord(String key) {
        return serialized(new StreamRecord(key, UUID, "10.0.0.1:1935", 1_796_167_257_895L, 1_796_167_257_895L, true));
    }

    static int nodeRecord() {
        return serialized(new NodeRecord(UUID, "edge", "zone-1", NodeRecord.READY, "10.1.0.12:1935",
                "10.1.0.12:1935", "10.1.0.12:8080", 1_796_167_257_895L, new NodeLoad(8000, 25_024_000_000L, 8000, 0)));
    }

    private static int serialized(Serializable record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HEADER + bytes.size();
    }
}
