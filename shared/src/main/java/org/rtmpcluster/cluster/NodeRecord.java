package org.rtmpcluster.cluster;

import java.io.Serializable;

/**
 * A node as the cluster sees it: role ("origin" or "edge"), zone, state, and where it serves RTMP. Kept in the
 * registry so routing, draining and the API read one place.
 */
public record NodeRecord(String nodeId, String role, String zone, String state, String rtmpAddress, long startedAt)
        implements Serializable {
    public static final String SERVING = "serving";
    public static final String DRAINING = "draining";

    public boolean isOrigin() {
        return "origin".equals(role);
    }
}
