package org.rtmpcluster.node;

import java.util.List;

/**
 * How an edge pulls streams.
 *
 * @param playWaitMillis     how long a play waits for a stream that is not in the registry yet
 * @param upstreamIdleMillis how long an upstream stays open after its last player left
 * @param parents            parent edges (host:port) to pull through instead of origins; empty pulls from origins
 * @param capacityPlayers    players the edge should take before routing prefers others (0: no limit)
 * @param capacityBps        egress, bits per second, the edge should take before routing prefers others (0: no limit)
 * @param redirect           an edge over capacity or draining redirects a connect to another edge
 * @param rebalance          an edge over capacity asks players that can reconnect to move to another edge
 * @param upstreamConnectTimeoutMillis how long an upstream may take from the TCP connect to its answer to
 *                           {@code connect}, before the pull drops it and tries again
 * @param upstreamPlayTimeoutMillis how long an upstream may take to answer {@code play} (through a parent tier, at
 *                           least {@code playWaitMillis} more, the time the parent itself waits for the stream)
 */
public record EdgeOptions(long playWaitMillis, long upstreamIdleMillis, List<String> parents, int capacityPlayers,
                          long capacityBps, boolean redirect, boolean rebalance, long upstreamConnectTimeoutMillis,
                          long upstreamPlayTimeoutMillis) {
    public static final long DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MILLIS = 5000;
    public static final long DEFAULT_UPSTREAM_PLAY_TIMEOUT_MILLIS = 5000;

    /** Pulls as configured, with no capacity, no redirects, no rebalancing and the default upstream timeouts. */
    public EdgeOptions(long playWaitMillis, long upstreamIdleMillis, List<String> parents) {
        this(playWaitMillis, upstreamIdleMillis, parents, 0, 0, false, false, DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MILLIS,
                DEFAULT_UPSTREAM_PLAY_TIMEOUT_MILLIS);
    }
}
