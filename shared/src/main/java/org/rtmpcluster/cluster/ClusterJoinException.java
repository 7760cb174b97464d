package org.rtmpcluster.cluster;

/** The node could not join a cluster able to serve it within the join timeout; the message says what was missing. */
public final class ClusterJoinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClusterJoinException(String message) {
        super(message);
    }
}
