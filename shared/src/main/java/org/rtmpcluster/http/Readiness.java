package org.rtmpcluster.http;

/**
 * Whether the node should get new traffic, and if not why: {@code /ready} answers from here, load balancers and
 * orchestrators act on it. Ready means the node has joined the cluster (its record is in the registry), its RTMP
 * listener is up, and it is not draining. Any thread.
 */
public final class Readiness {
    private volatile boolean joined;
    private volatile boolean listening;
    private volatile boolean draining;

    public void joined() {
        joined = true;
    }

    public void listening() {
        listening = true;
    }

    /** From here on the node is not ready, for good: a draining node does not come back. */
    public void draining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Why the node is not ready, or null when it is. */
    public String notReadyReason() {
        if (draining) {
            return "draining";
        }
        if (!joined) {
            return "not registered in the cluster yet";
        }
        if (!listening) {
            return "RTMP listener not up yet";
        }
        return null;
    }
}
