package org.rtmpcluster.cluster;

import java.io.Serializable;

/**
 * A node as the cluster sees it: role ("origin" or "edge"), zone, state, where it serves RTMP and HTTP, and since
 * when. Kept in the registry so routing, draining and the API read one place. Only what changes rarely is here;
 * figures that change with every player (counts, bytes) are asked of the node itself, so registry traffic does not
 * grow with the audience.
 *
 * @param state       {@link #READY} or {@link #DRAINING}
 * @param httpAddress host:port of the node's HTTP API
 * @param startedAt   process start, epoch millis
 */
public record NodeRecord(String nodeId, String role, String zone, String state, String rtmpAddress,
                         String httpAddress, long startedAt) implements Serializable {
    /** Takes new players and publishers. */
    public static final String READY = "ready";
    /** Serves what it has, takes nothing new; routing leaves it out. */
    public static final String DRAINING = "draining";

    public boolean isOrigin() {
        return "origin".equals(role);
    }

    public NodeRecord withState(String newState) {
        return new NodeRecord(nodeId, role, zone, newState, rtmpAddress, httpAddress, startedAt);
    }
}
