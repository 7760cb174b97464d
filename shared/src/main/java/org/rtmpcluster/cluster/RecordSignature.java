package org.rtmpcluster.cluster;

/**
 * Signs and checks the registry's records with keys derived from {@code CLUSTER_SECRET}, so that an edge never
 * pulls from, and routing never sends a client to, an address a stranger wrote into the registry: HMAC-SHA256 over
 * every field a reader acts on (a stream record's key, origin, address, start and epoch; a node record's id, role,
 * zone, state, addresses, start and load). Without a secret nothing is signed and everything verifies.
 *
 * <p>A stream record is signed on the key's partition owner, where its epoch is decided ({@link ClaimStream}); the
 * owner signs only a claim that carries a MAC of its claimer ({@link #claimMac}), so that no member signs a claim a
 * stranger submitted. A signed record can be copied, and written back later: it names a node of ours and its
 * address, never the stranger's.
 */
public final class RecordSignature {
    /** Where a member finds its signer in Hazelcast's user context (entry processors run on other members). */
    static final String USER_CONTEXT_KEY = "rtmp.record.signature";
    static final RecordSignature NONE = new RecordSignature(null, null);
    /** A claim made longer ago than this (by the claimer's clock, against the owner's) is not signed: a replay. */
    static final long CLAIM_MAX_AGE_MILLIS = 300_000;

    private final byte[] recordKey;
    private final byte[] claimKey;

    private RecordSignature(byte[] recordKey, byte[] claimKey) {
        this.recordKey = recordKey;
        this.claimKey = claimKey;
    }

    /** Signatures made and checked with {@code secret}; {@link #NONE} for an empty secret. */
    public static RecordSignature of(String secret) {
        return secret == null || secret.isEmpty() ? NONE
                : new RecordSignature(ClusterKeys.derive(secret, "rtmp-cluster record v1"),
                ClusterKeys.derive(secret, "rtmp-cluster claim v1"));
    }

    public boolean enabled() {
        return recordKey != null;
    }

    public StreamRecord sign(StreamRecord r) {
        return enabled() ? r.withSignature(mac(r)) : r;
    }

    public boolean verifies(StreamRecord r) {
        return !enabled() || ClusterKeys.same(mac(r), r.signature());
    }

    public NodeRecord sign(NodeRecord r) {
        return enabled() ? r.withSignature(mac(r)) : r;
    }

    public boolean verifies(NodeRecord r) {
        return !enabled() || ClusterKeys.same(mac(r), r.signature());
    }

    /** The claimer's MAC of its claim of {@code key}, made at {@code now}; empty without a secret. */
    String claimMac(String key, String nodeId, String rtmpAddress, long now) {
        return enabled() ? ClusterKeys.mac(claimKey, "claim", key, nodeId, rtmpAddress, Long.toString(now)) : "";
    }

    /** True when the claim's MAC is right and it is recent by {@code ownerNow}; always without a secret. */
    boolean verifiesClaim(String key, String nodeId, String rtmpAddress, long now, String mac, long ownerNow) {
        return !enabled() || (Math.abs(ownerNow - now) <= CLAIM_MAX_AGE_MILLIS
                && ClusterKeys.same(claimMac(key, nodeId, rtmpAddress, now), mac));
    }

    private String mac(StreamRecord r) {
        return ClusterKeys.mac(recordKey, "stream", r.key(), r.nodeId(), r.rtmpAddress(), Long.toString(r.startedAt()),
                Long.toString(r.epoch()));
    }

    private String mac(NodeRecord r) {
        NodeLoad l = r.load() == null ? NodeLoad.NONE : r.load();
        return ClusterKeys.mac(recordKey, "node", r.nodeId(), r.role(), r.zone(), r.state(), r.rtmpAddress(),
                r.clientAddress(), r.httpAddress(), Long.toString(r.startedAt()), Integer.toString(l.players()),
                Long.toString(l.egressBps()), Integer.toString(l.capacityPlayers()), Long.toString(l.capacityBps()));
    }
}
