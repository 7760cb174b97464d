package org.rtmpcluster.media;

/** A new stream was refused: the node holds as many as {@code MAX_STREAMS} allows. */
public final class TooManyStreamsException extends RuntimeException {
    public TooManyStreamsException(int maxStreams) {
        super("this node holds its maximum of " + maxStreams + " streams (MAX_STREAMS)", null, false, false);
    }
}
