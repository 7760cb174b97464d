package org.rtmpcluster.node;

import java.util.List;

/**
 * How an edge pulls streams.
 *
 * @param playWaitMillis     how long a play waits for a stream that is not in the registry yet
 * @param upstreamIdleMillis how long an upstream stays open after its last player left
 * @param parents            parent edges (host:port) to pull through instead of origins; empty pulls from origins
 */
public record EdgeOptions(long playWaitMillis, long upstreamIdleMillis, List<String> parents) {
}
