package org.rtmpcluster.cluster;

/**
 * The registry's entry for one stream key: which origin holds it, where players and edges reach it, since when,
 * and the epoch of this publish. Epochs only grow for a key, so anyone following a stream can tell a newer publish
 * from a stale event. The registry holds live records only; {@code live == false} is how a change event says that
 * a stream ended (its record was removed).
 *
 * @param key         stream key, "app/name"
 * @param nodeId      cluster node id of the origin
 * @param rtmpAddress host:port where the origin serves RTMP
 * @param startedAt   publish start, epoch millis
 * @param epoch       grows with each publish of the key
 * @param live        false in the event of a stream's end
 * @param signature   {@link RecordSignature} of the fields above but {@code live}; empty without a cluster secret
 */
public record StreamRecord(String key, String nodeId, String rtmpAddress, long startedAt, long epoch, boolean live,
                           String signature) {

    public StreamRecord {
        signature = signature == null ? "" : signature;
    }

    /** Unsigned. */
    public StreamRecord(String key, String nodeId, String rtmpAddress, long startedAt, long epoch, boolean live) {
        this(key, nodeId, rtmpAddress, startedAt, epoch, live, "");
    }

    StreamRecord withSignature(String newSignature) {
        return new StreamRecord(key, nodeId, rtmpAddress, startedAt, epoch, live, newSignature);
    }

    /** True when {@code current} is this live claim still: the same owner and the same epoch. */
    boolean sameClaim(StreamRecord current) {
        return current != null && current.live() && current.nodeId().equals(nodeId) && current.epoch() == epoch;
    }

    StreamRecord ended() {
        return new StreamRecord(key, nodeId, rtmpAddress, startedAt, epoch, false, signature);
    }

    public String host() {
        return rtmpAddress.substring(0, rtmpAddress.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(rtmpAddress.substring(rtmpAddress.lastIndexOf(':') + 1));
    }
}
