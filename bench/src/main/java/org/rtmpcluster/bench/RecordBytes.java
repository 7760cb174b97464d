package org.rtmpcluster.bench;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.RegistrySerialization;
import org.rtmpcluster.cluster.StreamRecord;

import java.nio.charset.StandardCharsets;

/**
 * The sizes of the registry's records as Hazelcast holds and sends them, for the fan-out model: what
 * {@code toData} makes of them with the cluster's serializers ({@link RegistrySerialization}), its 8-byte header
 * (partition hash, type id) included; a string key is the header, a 4-byte length and its bytes. The sample records
 * have real-sized fields (node ids are UUIDs, addresses IPv4:port). Under Java serialization (before issue 18) they
 * took 244 B (stream record) and 456 B (node record); the key {@code live/stream-0001} takes 28 B.
 */
final class RecordBytes {
    private static final int HEADER = 8;
    private static final SerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
            .setConfig(RegistrySerialization.configure(new SerializationConfig())).build();
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

    private static int serialized(Object record) {
        return SERIALIZATION.toData(record).totalSize();
    }
}
