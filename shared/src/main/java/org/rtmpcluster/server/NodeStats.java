package org.rtmpcluster.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Node-wide counters, readable from any thread (for the HTTP API and metrics). */
public final class NodeStats {
    final AtomicInteger connections = new AtomicInteger();
    final LongAdder accepted = new LongAdder();

    /** Connections open now. */
    public int connections() {
        return connections.get();
    }

    /** Connections accepted since start. */
    public long accepted() {
        return accepted.sum();
    }
}
