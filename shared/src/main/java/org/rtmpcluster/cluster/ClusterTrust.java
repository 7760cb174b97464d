package org.rtmpcluster.cluster;

import com.hazelcast.cluster.Member;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Which members and registry records this node believes, with {@code CLUSTER_SECRET} set: a member with a valid
 * {@link MemberProof}, a record with a valid {@link RecordSignature} that does not name an untrusted member. Others
 * are left out of routing, pulls and ingest forwards (the registries ask here before they answer), logged once each
 * and counted ({@link #untrustedRecords}). Without a secret everything is trusted, as before there was one.
 */
public final class ClusterTrust {
    private static final System.Logger LOG = System.getLogger(ClusterTrust.class.getName());
    /** How many rejected records are remembered so as to log each once; then the memory starts over. */
    static final int REMEMBERED_MAX = 10_000;

    private final MemberProof proofs;
    private final RecordSignature signatures;
    private final Supplier<Set<Member>> members;
    /** Each member's verdict, by UUID: its attributes never change. */
    private final Map<UUID, Boolean> verdicts = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicLong untrustedRecords = new AtomicLong();

    ClusterTrust(MemberProof proofs, RecordSignature signatures, Supplier<Set<Member>> members) {
        this.proofs = proofs;
        this.signatures = signatures;
        this.members = members;
    }

    /** Trusts everything (no cluster secret). */
    static ClusterTrust none() {
        return new ClusterTrust(MemberProof.NONE, RecordSignature.NONE, Set::of);
    }

    public boolean enabled() {
        return proofs.enabled();
    }

    RecordSignature signatures() {
        return signatures;
    }

    /** True when {@code member} proved it knows the secret; logs a member that did not, once. */
    boolean trusts(Member member) {
        if (!enabled()) {
            return true;
        }
        return verdicts.computeIfAbsent(member.getUuid(), uuid -> {
            boolean valid = proofs.verifies(member);
            if (!valid) {
                LOG.log(System.Logger.Level.WARNING, "cluster member {0} at {1} has no valid proof of CLUSTER_SECRET: "
                        + "untrusted, its records are ignored", idOf(member), ClusterMember.address(member));
            }
            return valid;
        });
    }

    /** Forgets the verdict of a member that left. */
    void forget(Member member) {
        verdicts.remove(member.getUuid());
    }

    /** The current members without a valid proof: node id (or UUID) → host:port, sorted by id. */
    public Map<String, String> untrustedMembers() {
        Map<String, String> untrusted = new TreeMap<>();
        if (enabled()) {
            members.get().stream().filter(m -> !trusts(m)).forEach(m -> untrusted.put(idOf(m), ClusterMember.address(m)));
        }
        return untrusted;
    }

    /** True when {@code r} is signed with the secret and does not name an untrusted member. */
    public boolean trusts(StreamRecord r) {
        return !enabled() || believed(signatures.verifies(r), r.nodeId(),
                "stream record of " + r.key() + " naming " + r.nodeId() + " at " + r.rtmpAddress() + " epoch "
                        + r.epoch());
    }

    /** True when {@code r} is signed with the secret and does not name an untrusted member. */
    public boolean trusts(NodeRecord r) {
        return !enabled() || believed(signatures.verifies(r), r.nodeId(),
                "node record of " + r.nodeId() + " (" + r.role() + ") at " + r.rtmpAddress());
    }

    /** Untrusted records met so far, each counted once (as logged): {@code cluster_untrusted_records_total}. */
    public long untrustedRecords() {
        return untrustedRecords.get();
    }

    private boolean believed(boolean signed, String nodeId, String description) {
        if (signed && members.get().stream().noneMatch(m -> nodeId.equals(idOf(m)) && !trusts(m))) {
            return true;
        }
        if (rejected.size() >= REMEMBERED_MAX) {
            rejected.clear(); // bounded: a flood of forgeries is logged again rather than remembered forever
        }
        if (rejected.add(description)) {
            untrustedRecords.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "ignoring an untrusted {0}: {1}", description,
                    signed ? "its node is an untrusted member" : "its signature does not verify with CLUSTER_SECRET");
        }
        return false;
    }

    static String idOf(Member member) {
        String id = member.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE);
        return id != null ? id : member.getUuid().toString(); // a member of another build, or a stranger
    }
}
