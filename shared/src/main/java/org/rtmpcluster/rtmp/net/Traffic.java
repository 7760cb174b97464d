package org.rtmpcluster.rtmp.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes read and written by a set of transports (a node's, for its API and metrics). Counted once per socket read
 * and once per buffer written, not per message: a {@link LongAdder} add on the loop that did the I/O, no allocation,
 * readable from any thread.
 */
public final class Traffic {
    /** Counts nothing: for transports nobody reports on (tools, tests). */
    public static final Traffic NONE = new Traffic();

    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();

    void read(int bytes) {
        if (this != NONE) {
            in.add(bytes);
        }
    }

    void written(int bytes) {
        if (this != NONE) {
            out.add(bytes);
        }
    }

    public long bytesIn() {
        return in.sum();
    }

    public long bytesOut() {
        return out.sum();
    }
}
