package org.rtmpcluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Claims a stream key for an origin, atomically on the key's partition owner: it succeeds when the key is free
 * (absent), held by a node that is no longer a cluster member, or held by the claiming node itself
 * (its local stream table already decided that the new publisher replaces the old one; the new epoch makes a late
 * release of the old claim a no-op). Returns the record now in the map, so the caller sees either its own claim
 * or the current owner. The epoch is the owner's ({@link EpochClock}); {@code now} is only the publish start shown.
 *
 * <p>With {@code CLUSTER_SECRET}, the owner signs the record it writes ({@link RecordSignature}, found in the
 * member's user context), and only for a claim that carries its claimer's MAC: any member can submit an entry
 * processor, and the owner must not sign a stranger's claim to an address of its own. A record already there that
 * does not verify (a stranger wrote it) holds nothing against the claim.
 */
final class ClaimStream implements EntryProcessor<String, StreamRecord, StreamRecord>, IdentifiedDataSerializable,
        HazelcastInstanceAware {
    private String nodeId;
    private String rtmpAddress;
    private long now;
    private Set<String> members;
    private long ttlMillis;
    /** The claimer's {@link RecordSignature#claimMac}; empty without a secret. */
    private String mac;
    /** The owner's signer, from its user context; not sent. */
    private RecordSignature signatures = RecordSignature.NONE;
    /** What the owner wrote, for its backup; not sent. */
    private StreamRecord claimed;

    /** For deserialization ({@link RegistrySerialization#FACTORY}). */
    ClaimStream() {
    }

    ClaimStream(String nodeId, String rtmpAddress, long now, Set<String> members, long ttlMillis, String mac) {
        this.mac = mac;
        this.nodeId = nodeId;
        this.rtmpAddress = rtmpAddress;
        this.now = now;
        this.members = members;
        this.ttlMillis = ttlMillis;
    }

    /** Unsigned (tests of the registry without a secret). */
    ClaimStream(String nodeId, String rtmpAddress, long now, Set<String> members, long ttlMillis) {
        this(nodeId, rtmpAddress, now, members, ttlMillis, "");
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        if (hz.getUserContext().get(RecordSignature.USER_CONTEXT_KEY) instanceof RecordSignature own) {
            signatures = own;
        }
    }

    @Override
    public StreamRecord process(Map.Entry<String, StreamRecord> entry) {
        StreamRecord current = entry.getValue();
        if (!signatures.verifiesClaim(entry.getKey(), nodeId, rtmpAddress, now, mac, System.currentTimeMillis())) {
            return current; // changes nothing; the claimer (a stranger) does not find its claim
        }
        if (current != null && current.live() && members.contains(current.nodeId())
                && !current.nodeId().equals(nodeId) && signatures.verifies(current)) {
            return current;
        }
        // The epoch comes from this member (the key's partition owner), not from the claiming node's clock.
        long epoch = EpochClock.next(current == null ? 0 : current.epoch() + 1);
        claimed = signatures.sign(new StreamRecord(entry.getKey(), nodeId, rtmpAddress, now, epoch, true));
        ((ExtendedMapEntry<String, StreamRecord>) entry).setValue(claimed, ttlMillis, TimeUnit.MILLISECONDS);
        return claimed;
    }

    /** The backup stores the owner's decision; nothing when the owner changed nothing. */
    @Override
    public EntryProcessor<String, StreamRecord, StreamRecord> getBackupProcessor() {
        return claimed == null ? null : new StoreClaim(claimed, ttlMillis);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(nodeId);
        out.writeString(rtmpAddress);
        out.writeLong(now);
        out.writeStringArray(members.toArray(String[]::new));
        out.writeLong(ttlMillis);
        out.writeString(mac);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nodeId = in.readString();
        rtmpAddress = in.readString();
        now = in.readLong();
        members = Set.of(in.readStringArray());
        ttlMillis = in.readLong();
        mac = in.readString();
    }

    @Override
    public int getFactoryId() {
        return RegistrySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RegistrySerialization.CLAIM_STREAM;
    }
}
