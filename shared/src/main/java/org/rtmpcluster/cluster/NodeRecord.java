package org.rtmpcluster.cluster;

/**
 * A node as the cluster sees it: role ("origin" or "edge"), zone, state, where it serves RTMP and HTTP, and since
 * when, and its load. Kept in the registry so routing, draining and the API read one place. The load is refreshed
 * every few seconds per node; exact figures (counts, bytes, per-stream players) are asked of the node itself, so
 * registry traffic does not grow with the audience.
 *
 * @param state       {@link #READY} or {@link #DRAINING}
 * @param rtmpAddress host:port where other nodes reach the node's RTMP (edges pull from it)
 * @param clientAddress host:port that players and publishers sent to the node dial (CLIENT_ADDRESS)
 * @param httpAddress host:port of the node's HTTP API
 * @param startedAt   process start, epoch millis
 * @param load        players, egress and capacity as of the last refresh (a few seconds old at most)
 * @param signature   {@link RecordSignature} of the fields above; empty without a cluster secret
 */
public record NodeRecord(String nodeId, String role, String zone, String state, String rtmpAddress,
                         String clientAddress, String httpAddress, long startedAt, NodeLoad load, String signature) {
    /** Takes new players and publishers. */
    public static final String READY = "ready";
    /** Serves what it has, takes nothing new; routing leaves it out. */
    public static final String DRAINING = "draining";

    public NodeRecord {
        if (clientAddress == null) {
            clientAddress = rtmpAddress; // a record of a node from before CLIENT_ADDRESS
        }
        signature = signature == null ? "" : signature;
    }

    /** Unsigned. */
    public NodeRecord(String nodeId, String role, String zone, String state, String rtmpAddress,
                      String clientAddress, String httpAddress, long startedAt, NodeLoad load) {
        this(nodeId, role, zone, state, rtmpAddress, clientAddress, httpAddress, startedAt, load, "");
    }

    NodeRecord withSignature(String newSignature) {
        return new NodeRecord(nodeId, role, zone, state, rtmpAddress, clientAddress, httpAddress, startedAt, load,
                newSignature);
    }

    public boolean isOrigin() {
        return "origin".equals(role);
    }

    public boolean isReady() {
        return READY.equals(state);
    }

    /** With another state, unsigned (the registry signs what it writes). */
    public NodeRecord withState(String newState) {
        return new NodeRecord(nodeId, role, zone, newState, rtmpAddress, clientAddress, httpAddress, startedAt, load);
    }

    /** With another load, unsigned. */
    public NodeRecord withLoad(NodeLoad newLoad) {
        return new NodeRecord(nodeId, role, zone, state, rtmpAddress, clientAddress, httpAddress, startedAt, newLoad);
    }
}
