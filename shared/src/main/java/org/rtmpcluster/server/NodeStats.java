package org.rtmpcluster.server;

import org.rtmpcluster.rtmp.net.Traffic;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide counters, readable from any thread: the HTTP API reads them on request, metrics will read the same.
 * Each is updated where the event happens (a connection, a publish, a play, a socket read), never recomputed by
 * walking streams or connections.
 */
public final class NodeStats {
    final AtomicInteger connections = new AtomicInteger();
    final LongAdder accepted = new LongAdder();
    final AtomicInteger publishers = new AtomicInteger();
    final AtomicInteger players = new AtomicInteger();
    private final AtomicInteger upstreamPulls = new AtomicInteger();
    private final Traffic traffic = new Traffic();

    /** Connections open now. */
    public int connections() {
        return connections.get();
    }

    /** Connections accepted since start. */
    public long accepted() {
        return accepted.sum();
    }

    /** RTMP clients publishing to this node now (an encoder, or an edge forwarding one). */
    public int publishers() {
        return publishers.get();
    }

    /** RTMP clients playing from this node now; on an origin, the edges pulling from it count too. */
    public int players() {
        return players.get();
    }

    /** Streams this node pulls from an upstream now (an edge's pulls). */
    public int upstreamPulls() {
        return upstreamPulls.get();
    }

    public void upstreamPullStarted() {
        upstreamPulls.incrementAndGet();
    }

    public void upstreamPullEnded() {
        upstreamPulls.decrementAndGet();
    }

    /** Bytes of every RTMP socket of the node: its clients' and its own upstream connections. */
    public Traffic traffic() {
        return traffic;
    }
}
