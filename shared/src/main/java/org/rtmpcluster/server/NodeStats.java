package org.rtmpcluster.server;

import org.rtmpcluster.budget.ConnectionBudget;
import org.rtmpcluster.rtmp.net.CloseReason;
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
    private final LongAdder upstreamPullsStarted = new LongAdder();
    private final LongAdder upstreamConnectFailures = new LongAdder();
    private final LongAdder upstreamRestarts = new LongAdder();
    private final LongAdder upstreamFailovers = new LongAdder();
    private final AtomicInteger ingestForwards = new AtomicInteger();
    private final LongAdder[] closes = new LongAdder[CloseReason.values().length];
    private final LongAdder[] playersDropped = new LongAdder[CloseReason.values().length];
    private final LongAdder[] refused = new LongAdder[ConnectionBudget.Refusal.values().length];
    private final Traffic traffic = new Traffic();
    private volatile Timings timings = Timings.NONE;

    public NodeStats() {
        for (int i = 0; i < closes.length; i++) {
            closes[i] = new LongAdder();
            playersDropped[i] = new LongAdder();
        }
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

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

    /** Pulls this node has started since start. */
    public long upstreamPullsStarted() {
        return upstreamPullsStarted.sum();
    }

    public void upstreamPullStarted() {
        upstreamPulls.incrementAndGet();
        upstreamPullsStarted.increment();
    }

    public void upstreamPullEnded() {
        upstreamPulls.decrementAndGet();
    }

    /** Upstream connection attempts that failed (the pull retries). */
    public long upstreamConnectFailures() {
        return upstreamConnectFailures.sum();
    }

    public void upstreamConnectFailed() {
        upstreamConnectFailures.increment();
    }

    /** Pulls that played again after their upstream had broken or moved. */
    public long upstreamRestarts() {
        return upstreamRestarts.sum();
    }

    public void upstreamRestarted() {
        upstreamRestarts.increment();
    }

    /** Pulls that switched upstream because the registry showed the stream on another origin (a newer epoch). */
    public long upstreamFailovers() {
        return upstreamFailovers.sum();
    }

    public void upstreamFailedOver() {
        upstreamFailovers.increment();
    }

    /** Publishes this edge forwards to an origin now. */
    public int ingestForwards() {
        return ingestForwards.get();
    }

    public void ingestForwardStarted() {
        ingestForwards.incrementAndGet();
    }

    public void ingestForwardEnded() {
        ingestForwards.decrementAndGet();
    }

    /** Accepted connections that closed for a reason of {@code reason}, since start. */
    public long closes(CloseReason reason) {
        return closes[reason.ordinal()].sum();
    }

    /** Playing connections that closed for a reason of {@code reason}, since start. */
    public long playersDropped(CloseReason reason) {
        return playersDropped[reason.ordinal()].sum();
    }

    /** Connections refused at accept because {@code refusal}'s bound was reached, since start. */
    public long refused(ConnectionBudget.Refusal refusal) {
        return refused[refusal.ordinal()].sum();
    }

    void countRefused(ConnectionBudget.Refusal refusal) {
        refused[refusal.ordinal()].increment();
    }

    void closed(CloseReason reason, boolean wasPlaying) {
        closes[reason.ordinal()].increment();
        if (wasPlaying) {
            playersDropped[reason.ordinal()].increment();
        }
    }

    /** Where handshake and first-keyframe durations go. */
    public Timings timings() {
        return timings;
    }

    /** Sends the node's durations to {@code timings} (the metrics), from now on. */
    public void timeWith(Timings timings) {
        this.timings = timings;
    }

    /** Bytes of every RTMP socket of the node: its clients' and its own upstream connections. */
    public Traffic traffic() {
        return traffic;
    }
}
