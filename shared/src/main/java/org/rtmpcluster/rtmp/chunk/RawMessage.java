package org.rtmpcluster.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One whole RTMP message as the chunk layer sees it: the fields of a type-0 chunk header (RTMP 1.0 §5.3.1.2.1)
 * and the reassembled payload, not yet interpreted. The payload is owned by whoever receives the record and must be
 * released by it; {@link ChunkEncoder} only reads it. {@code timestamp} is the absolute 32-bit timestamp in
 * milliseconds held as an unsigned value (0..0xFFFFFFFF), since RTMP timestamps wrap at 2^32.
 */
public record RawMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId, ByteBuf payload) {

    public RawMessage {
        Objects.requireNonNull(payload, "payload");
        if (typeId < 0 || typeId > ChunkFormat.MAX_TYPE_ID) {
            throw new IllegalArgumentException("message type id " + typeId + " out of range 0.." + ChunkFormat.MAX_TYPE_ID);
        }
        if (timestamp < 0 || timestamp > ChunkFormat.TIMESTAMP_MASK) {
            throw new IllegalArgumentException("timestamp " + timestamp + " out of range 0.." + ChunkFormat.TIMESTAMP_MASK);
        }
    }
}
