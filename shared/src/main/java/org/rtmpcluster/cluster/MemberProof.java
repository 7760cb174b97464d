package org.rtmpcluster.cluster;

import com.hazelcast.cluster.Member;

/**
 * A member's proof that it knows {@code CLUSTER_SECRET}: HMAC-SHA256, under a key derived from the secret, over the
 * member's node id and its cluster address (host:port), carried in the member attribute {@link #ATTRIBUTE}. Hazelcast's
 * open-source edition lets anyone who reaches the member port with the cluster name join; this is how the others
 * tell such a stranger from one of theirs.
 *
 * <p>Every member reads every other member's attributes, and the cluster traffic is not encrypted, so a stranger can
 * copy a proof. It only verifies for the node id and address it was made for: reusing it means joining from the
 * very address of the member it was copied from, which Hazelcast does not admit while that member is in the
 * cluster, and which after it left takes control of its IP address on the cluster network. Even then the copy
 * proves membership only: the registry's records also need a signature ({@link RecordSignature}), which a proof
 * does not give, so a replayed proof can make a stranger listed as trusted but cannot make edges pull from it.
 */
public final class MemberProof {
    /** The member attribute that carries the proof. */
    static final String ATTRIBUTE = "rtmp.member.proof";
    static final String PURPOSE = "rtmp-cluster member v1";
    /** Without a cluster secret: no proof is made or asked for. */
    static final MemberProof NONE = new MemberProof(null);

    private final byte[] key;

    private MemberProof(byte[] key) {
        this.key = key;
    }

    /** The proofs made and checked with {@code secret}; {@link #NONE} for an empty secret. */
    public static MemberProof of(String secret) {
        return secret == null || secret.isEmpty() ? NONE : new MemberProof(ClusterKeys.derive(secret, PURPOSE));
    }

    public boolean enabled() {
        return key != null;
    }

    /** The proof of the member {@code nodeId} at {@code address} (host:port). */
    String proof(String nodeId, String address) {
        return ClusterKeys.mac(key, nodeId, address);
    }

    /** True when {@code proof} is the proof of {@code nodeId} at {@code address}; always without a secret. */
    boolean verifies(String nodeId, String address, String proof) {
        return key == null || (nodeId != null && ClusterKeys.same(proof(nodeId, address), proof));
    }

    /** True when {@code member} carries a valid proof for its own node id and address. */
    boolean verifies(Member member) {
        return verifies(member.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE), ClusterMember.address(member),
                member.getAttribute(ATTRIBUTE));
    }
}
