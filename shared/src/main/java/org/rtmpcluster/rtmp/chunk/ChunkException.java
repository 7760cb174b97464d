package org.rtmpcluster.rtmp.chunk;

/**
 * A peer broke the chunk stream protocol or crossed one of the {@link ChunkLimits}. The message says what was wrong
 * and the value seen; the connection that owns the decoder should be closed, since the decoder's state is no longer
 * trustworthy after one is thrown.
 */
public final class ChunkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChunkException(String message) {
        super(message);
    }
}
