package org.rtmpcluster.rtmp.chunk;

/** The wire layout of a chunk header (RTMP 1.0 §5.3.1), shared by {@link ChunkDecoder} and {@link ChunkEncoder}. */
final class ChunkFormat {

    /** §5.3.1.1: the low 6 bits of the first byte; 0 and 1 announce the 2- and 3-byte basic header forms. */
    static final int CHUNK_STREAM_ID_MASK = 0x3F;
    static final int TWO_BYTE_MARKER = 0;
    static final int THREE_BYTE_MARKER = 1;
    /** §5.3.1.1: ids 64 and above are sent minus 64. */
    static final int CHUNK_STREAM_ID_OFFSET = 64;
    static final int MIN_CHUNK_STREAM_ID = 2;
    static final int MAX_ONE_BYTE_CHUNK_STREAM_ID = 63;
    static final int MAX_TWO_BYTE_CHUNK_STREAM_ID = 319;
    static final int MAX_CHUNK_STREAM_ID = 65599;

    /** §5.3.1.2: fmt 0 carries timestamp, length, type and stream id; 1 drops the stream id; 2 keeps the timestamp. */
    static final int FMT_FULL = 0;
    static final int FMT_SAME_STREAM = 1;
    static final int FMT_TIMESTAMP_ONLY = 2;
    static final int FMT_CONTINUATION = 3;

    /** §5.3.1.3: a 24-bit timestamp field of 0xFFFFFF means a 4-byte extended timestamp follows. */
    static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;
    static final int EXTENDED_TIMESTAMP_SIZE = 4;

    /** The message length field is 24 bits wide. */
    static final int MAX_MESSAGE_LENGTH = 0xFFFFFF;
    static final int MAX_TYPE_ID = 0xFF;
    /** RTMP timestamps are 32-bit and wrap. */
    static final long TIMESTAMP_MASK = 0xFFFFFFFFL;

    /** §5.4.1 and §5.4.2: the protocol control messages that change the chunk layer itself. */
    static final int TYPE_SET_CHUNK_SIZE = 1;
    static final int TYPE_ABORT = 2;
    static final int CONTROL_PAYLOAD_SIZE = 4;

    private ChunkFormat() {
    }

    /** §5.3.1.2: message header sizes for fmt 0, 1, 2 and 3. */
    static int messageHeaderSize(int format) {
        return switch (format) {
            case FMT_FULL -> 11;
            case FMT_SAME_STREAM -> 7;
            case FMT_TIMESTAMP_ONLY -> 3;
            default -> 0;
        };
    }

    static int basicHeaderSize(int chunkStreamId) {
        if (chunkStreamId <= MAX_ONE_BYTE_CHUNK_STREAM_ID) {
            return 1;
        }
        return chunkStreamId <= MAX_TWO_BYTE_CHUNK_STREAM_ID ? 2 : 3;
    }
}
