package org.rtmpcluster.rtmp.chunk;

import static org.rtmpcluster.rtmp.chunk.ChunkFormat.CHUNK_STREAM_ID_OFFSET;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_MARKER;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_SIZE;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.FMT_CONTINUATION;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.FMT_FULL;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MAX_CHUNK_STREAM_ID;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MAX_MESSAGE_LENGTH;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MAX_ONE_BYTE_CHUNK_STREAM_ID;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MAX_TWO_BYTE_CHUNK_STREAM_ID;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MIN_CHUNK_STREAM_ID;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.THREE_BYTE_MARKER;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.TWO_BYTE_MARKER;

import io.netty.buffer.ByteBuf;

/**
 * Writes RTMP messages as chunks (RTMP 1.0 §5.3). Every message gets a full type-0 header on its first chunk and
 * type-3 headers on its continuation chunks, as SRS writes them: no header compression state is carried from one
 * message to the next, so the bytes of one message can be encoded once and shared by every player of a stream, and
 * a player can join between any two messages. Timestamps of 0xFFFFFF and above go in an extended timestamp, repeated
 * on every continuation chunk (§5.3.1.3, as Adobe's servers and ffmpeg do).
 */
public final class ChunkEncoder {

    /** fmt 0 message header: timestamp(3) length(3) type(1) message stream id(4), §5.3.1.2.1. */
    private static final int FULL_MESSAGE_HEADER_SIZE = ChunkFormat.messageHeaderSize(FMT_FULL);

    private ChunkEncoder() {
    }

    /**
     * Appends {@code m} to {@code out} as chunks of at most {@code chunkSize} payload bytes. Reads the payload's
     * readable bytes without moving its readerIndex or touching its reference count.
     *
     * @throws IllegalArgumentException if the chunk size, chunk stream id or payload length cannot be encoded
     */
    public static void encode(RawMessage m, int chunkSize, ByteBuf out) {
        out.ensureWritable(encodedSize(m, chunkSize));
        ByteBuf payload = m.payload();
        int length = payload.readableBytes();
        int chunkStreamId = m.chunkStreamId();
        boolean extended = m.timestamp() >= EXTENDED_TIMESTAMP_MARKER;

        writeBasicHeader(out, FMT_FULL, chunkStreamId);
        out.writeMedium(extended ? EXTENDED_TIMESTAMP_MARKER : (int) m.timestamp());
        out.writeMedium(length);
        out.writeByte(m.typeId());
        out.writeIntLE(m.messageStreamId());
        if (extended) {
            out.writeInt((int) m.timestamp());
        }
        int offset = payload.readerIndex();
        int written = 0;
        do {
            if (written > 0) {
                writeBasicHeader(out, FMT_CONTINUATION, chunkStreamId);
                if (extended) {
                    out.writeInt((int) m.timestamp());
                }
            }
            int body = Math.min(chunkSize, length - written);
            out.writeBytes(payload, offset + written, body);
            written += body;
        } while (written < length);
    }

    /** The exact number of bytes {@link #encode} writes for {@code m}, so callers can allocate once. */
    public static int encodedSize(RawMessage m, int chunkSize) {
        if (chunkSize < ChunkLimits.MIN_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " below " + ChunkLimits.MIN_CHUNK_SIZE);
        }
        int chunkStreamId = m.chunkStreamId();
        if (chunkStreamId < MIN_CHUNK_STREAM_ID || chunkStreamId > MAX_CHUNK_STREAM_ID) {
            throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " out of range "
                    + MIN_CHUNK_STREAM_ID + ".." + MAX_CHUNK_STREAM_ID);
        }
        int length = m.payload().readableBytes();
        if (length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("message length " + length + " over the 24-bit maximum "
                    + MAX_MESSAGE_LENGTH);
        }
        // A zero-length message is still one chunk.
        int chunks = length == 0 ? 1 : (length - 1) / chunkSize + 1;
        int perChunkHeader = ChunkFormat.basicHeaderSize(chunkStreamId)
                + (m.timestamp() >= EXTENDED_TIMESTAMP_MARKER ? EXTENDED_TIMESTAMP_SIZE : 0);
        return chunks * perChunkHeader + FULL_MESSAGE_HEADER_SIZE + length;
    }

    /**
     * The size of the first chunk's header (basic header, type-0 message header, extended timestamp if any): what
     * precedes the payload, and the only header that names the message stream.
     */
    public static int firstChunkHeaderSize(int chunkStreamId, long timestamp) {
        return ChunkFormat.basicHeaderSize(chunkStreamId) + FULL_MESSAGE_HEADER_SIZE
                + (timestamp >= EXTENDED_TIMESTAMP_MARKER ? EXTENDED_TIMESTAMP_SIZE : 0);
    }

    private static void writeBasicHeader(ByteBuf out, int format, int chunkStreamId) {
        int fmtBits = format << 6;
        if (chunkStreamId <= MAX_ONE_BYTE_CHUNK_STREAM_ID) {
            out.writeByte(fmtBits | chunkStreamId);
        } else if (chunkStreamId <= MAX_TWO_BYTE_CHUNK_STREAM_ID) {
            out.writeByte(fmtBits | TWO_BYTE_MARKER);
            out.writeByte(chunkStreamId - CHUNK_STREAM_ID_OFFSET);
        } else {
            // §5.3.1.1: little-endian, id - 64 = third byte * 256 + second byte.
            int id = chunkStreamId - CHUNK_STREAM_ID_OFFSET;
            out.writeByte(fmtBits | THREE_BYTE_MARKER);
            out.writeByte(id & 0xFF);
            out.writeByte(id >>> 8);
        }
    }
}
