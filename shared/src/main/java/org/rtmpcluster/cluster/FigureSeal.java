package org.rtmpcluster.cluster;

/**
 * Seals a node's answers on the clustered event bus ({@code LocalFigures}): a MAC, under a key derived from
 * {@code CLUSTER_SECRET}, over the answering node's id, the asker's one-time nonce and the exact answer text. A
 * stranger on the cluster network can subscribe to a node's address and answer in its place, but not with a seal, so
 * its figures (which feed the API and which edge {@code locate} prefers) are dropped; nor can it replay an old
 * answer, which names another nonce. Without a secret nothing is sealed and every answer is taken.
 */
public final class FigureSeal {
    public static final FigureSeal NONE = new FigureSeal(null);
    /** The event-bus header that carries the seal. */
    public static final String HEADER = "rtmp-seal";

    private final byte[] key;

    private FigureSeal(byte[] key) {
        this.key = key;
    }

    public static FigureSeal of(String clusterSecret) {
        return clusterSecret == null || clusterSecret.isEmpty() ? NONE
                : new FigureSeal(ClusterKeys.derive(clusterSecret, "rtmp-cluster figures v1"));
    }

    /** The seal of {@code answer} by {@code nodeId} to {@code nonce}; "" without a secret. */
    public String seal(String nodeId, String nonce, String answer) {
        return key == null ? "" : ClusterKeys.mac(key, nodeId, nonce, answer);
    }

    /** Whether {@code seal} is that of {@code answer} by {@code nodeId} to {@code nonce} (always, without a secret). */
    public boolean opens(String nodeId, String nonce, String answer, String seal) {
        return key == null || ClusterKeys.same(seal(nodeId, nonce, answer), seal);
    }
}
