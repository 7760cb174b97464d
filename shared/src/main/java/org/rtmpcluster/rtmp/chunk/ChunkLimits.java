package org.rtmpcluster.rtmp.chunk;

/**
 * The bounds a {@link ChunkDecoder} holds a peer to, so that no size read off the wire decides an allocation on its
 * own (nginx-rtmp #1042: a Set Chunk Size of 0x7FFFFFFF led to a 2 GB allocation).
 *
 * @param maxChunkSize     largest chunk size a peer may set with Set Chunk Size
 * @param maxMessageLength largest message length a chunk header may declare
 * @param maxChunkStreams  most distinct chunk stream ids a peer may open on one connection
 * @param maxBufferedBytes most payload bytes held at once in partially reassembled messages, over all chunk streams
 */
public record ChunkLimits(int maxChunkSize, int maxMessageLength, int maxChunkStreams, int maxBufferedBytes) {

    /** RTMP 1.0 §5.4.1: the chunk size is at least 1; a Set Chunk Size of 0 is a protocol error. */
    public static final int MIN_CHUNK_SIZE = 1;

    /**
     * Chunk sizes up to the largest message length (no larger chunk can be filled), 8 MiB messages (a large keyframe
     * is a few MiB), 64 chunk streams (real peers use fewer than ten), 16 MiB held in partial messages (a
     * largest message and another beside it: an encoder interleaves one video frame with small audio). Measured:
     * the largest frame of 4K60 HEVC at 50 Mbit/s CBR over noise (x265, VBV buffer of one second) was 998,397
     * bytes, keyframes 758-843 kB; the VBV buffer bounds any codec's frame (51 Mbit/s, YouTube's top 4K60 rate,
     * with a one-second buffer: 6.4 MB).
     */
    public static final ChunkLimits DEFAULT = new ChunkLimits(16_777_215, 8 << 20, 64, 16 << 20);

    public ChunkLimits {
        if (maxChunkSize < MIN_CHUNK_SIZE) {
            throw new IllegalArgumentException("maxChunkSize " + maxChunkSize + " below " + MIN_CHUNK_SIZE);
        }
        if (maxMessageLength < 0) {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength + " is negative");
        }
        if (maxChunkStreams < 1) {
            throw new IllegalArgumentException("maxChunkStreams " + maxChunkStreams + " below 1");
        }
        if (maxBufferedBytes < 0) {
            throw new IllegalArgumentException("maxBufferedBytes " + maxBufferedBytes + " is negative");
        }
    }
}
