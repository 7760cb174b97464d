package org.rtmpcluster.server;

/**
 * Where a node's measured durations go: the metrics' histograms, or nowhere ({@link #NONE}). Each is one call per
 * connection or per play, never per message.
 */
public interface Timings {
    Timings NONE = new Timings() {
        @Override
        public void handshake(long nanos) {
        }

        @Override
        public void firstKeyframe(long nanos) {
        }
    };

    /** An accepted connection finished its handshake {@code nanos} after it was accepted. */
    void handshake(long nanos);

    /** A player got its first keyframe {@code nanos} after its play command. */
    void firstKeyframe(long nanos);
}
