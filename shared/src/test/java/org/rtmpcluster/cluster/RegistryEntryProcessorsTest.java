package org.rtmpcluster.cluster;

import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.spi.merge.MergingValue;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry's rules, run on an in-memory entry the way Hazelcast runs them on the key's partition owner: who may
 * claim, what a release or refresh may touch, how epochs grow, and which record survives a split-brain merge.
 */
class RegistryEntryProcessorsTest {
    private static final String KEY = "live/cam";

    @Test
    void aFreeKeyIsClaimedWithAnEpochFromTheOwnersClockAndTheBackupStoresTheSameRecord() {
        Entry e = new Entry(null);
        long before = System.currentTimeMillis();
        ClaimStream claim = new ClaimStream("A", "a:1935", 1000, Set.of("A"), 30_000);
        StreamRecord r = claim.process(e);
        assertEquals("A", r.nodeId());
        assertEquals(1000, r.startedAt());
        assertTrue(r.epoch() >= before, "the epoch " + r.epoch() + " follows the partition owner's clock");
        assertEquals(r, e.value);
        assertEquals(30_000, e.ttlMillis);

        Entry backup = new Entry(null);
        claim.getBackupProcessor().process(backup);
        assertEquals(r, backup.value, "the backup stores the owner's decision rather than deciding again");
        assertEquals(30_000, backup.ttlMillis);
    }

    @Test
    void aLiveClaimOfAMemberIsNotTakenOverAndNeedsNoBackup() {
        StreamRecord held = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry e = new Entry(held);
        ClaimStream claim = new ClaimStream("B", "b:1935", 2000, Set.of("A", "B"), 30_000);
        StreamRecord r = claim.process(e);
        assertEquals(held, r, "the current owner is returned");
        assertEquals(held, e.value, "and left in place");
        assertNull(claim.getBackupProcessor());
    }

    @Test
    void aLiveClaimOfANodeThatLeftIsTakenOverWithAHigherEpoch() {
        long far = System.currentTimeMillis() + 3_600_000; // an epoch issued where the clock is an hour ahead
        Entry e = new Entry(new StreamRecord(KEY, "A", "a:1935", 1000, far, true));
        StreamRecord r = new ClaimStream("B", "b:1935", 2000, Set.of("B"), 30_000).process(e);
        assertEquals("B", r.nodeId());
        assertTrue(r.epoch() > far, "above the old epoch even when this clock is behind it");
    }

    @Test
    void aNodeReclaimingItsOwnKeyGetsANewEpochSoALateReleaseOfTheOldOneIsVoid() {
        StreamRecord old = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry e = new Entry(old);
        StreamRecord again = new ClaimStream("A", "a:1935", 1000, Set.of("A"), 30_000).process(e);
        assertTrue(again.epoch() > 1000);
        assertFalse(new ReleaseStream("A", 1000).process(e));
        assertTrue(e.value.live());
    }

    @Test
    void epochsKeepGrowingAfterTheRecordIsGoneAndWhateverTheClaimersClockSays() {
        Entry e = new Entry(null);
        StreamRecord first = new ClaimStream("A", "a:1935", System.currentTimeMillis(), Set.of("A"), 30_000)
                .process(e);
        assertTrue(new ReleaseStream("A", first.epoch()).process(e));
        assertNull(e.value, "a release leaves nothing behind");
        long anHourAgo = System.currentTimeMillis() - 3_600_000; // a claimer whose clock is an hour behind
        StreamRecord second = new ClaimStream("B", "b:1935", anHourAgo, Set.of("B"), 30_000).process(e);
        assertTrue(second.epoch() > first.epoch(), second.epoch() + " after " + first.epoch());
    }

    @Test
    void aBackupThatStoredAnEpochIssuesHigherOnesWhenItBecomesTheOwner() {
        long far = System.currentTimeMillis() + 7_200_000;
        new StoreClaim(new StreamRecord(KEY, "A", "a:1935", 1000, far, true), 30_000).process(new Entry(null));
        StreamRecord next = new ClaimStream("B", "b:1935", 2000, Set.of("B"), 30_000).process(new Entry(null));
        assertTrue(next.epoch() > far, "a member's epochs go above every epoch it has stored");
    }

    @Test
    void releaseRemovesOnlyTheClaimItNames() {
        StreamRecord claim = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry newer = new Entry(new StreamRecord(KEY, "B", "b:1935", 2000, 2000, true));
        assertFalse(new ReleaseStream("A", 1000).process(newer), "a late release of an old claim");
        assertTrue(newer.value.live());

        Entry current = new Entry(claim);
        assertTrue(new ReleaseStream("A", 1000).process(current));
        assertNull(current.value, "the record is removed");
    }

    @Test
    void releasingEveryClaimOfANodeIgnoresEpochsButNotOwners() {
        Entry ofA = new Entry(new StreamRecord(KEY, "A", "a:1935", 1000, 1234, true));
        Entry ofB = new Entry(new StreamRecord(KEY, "B", "b:1935", 1000, 1234, true));
        assertTrue(new ReleaseStream("A", -1).process(ofA));
        assertFalse(new ReleaseStream("A", -1).process(ofB));
        assertTrue(ofB.value.live());
    }

    @Test
    void afterASplitTheHigherEpochWins() {
        HigherEpochMergePolicy policy = new HigherEpochMergePolicy();
        StreamRecord older = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        StreamRecord newer = new StreamRecord(KEY, "B", "b:1935", 2000, 2000, true);
        assertEquals(newer, policy.merge(value(older), value(newer)));
        assertEquals(newer, policy.merge(value(newer), value(older)));
        assertEquals(older, policy.merge(value(older), null));
        long far = System.currentTimeMillis() + 10_800_000;
        policy.merge(value(new StreamRecord(KEY, "C", "c:1935", 1000, far, true)), value(older));
        assertTrue(new ClaimStream("D", "d:1935", 2000, Set.of("D"), 30_000).process(new Entry(null)).epoch() > far,
                "epochs after a merge go above both sides'");
    }

    private static MergingValue<StreamRecord> value(StreamRecord r) {
        return new MergingValue<>() {
            @Override
            public StreamRecord getValue() {
                return r;
            }

            @Override
            public Object getRawValue() {
                return r;
            }
        };
    }

    /** A map entry as an entry processor sees it, recording the TTL it was given. */
    private static final class Entry implements ExtendedMapEntry<String, StreamRecord> {
        StreamRecord value;
        long ttlMillis = -1;

        Entry(StreamRecord value) {
            this.value = value;
        }

        @Override
        public String getKey() {
            return KEY;
        }

        @Override
        public StreamRecord getValue() {
            return value;
        }

        @Override
        public StreamRecord setValue(StreamRecord v) {
            StreamRecord old = value;
            value = v;
            return old;
        }

        @Override
        public StreamRecord setValue(StreamRecord v, long ttl, TimeUnit unit) {
            ttlMillis = unit.toMillis(ttl);
            return setValue(v);
        }

        @Override
        public StreamRecord setValueWithoutChangingExpiryTime(StreamRecord v) {
            return setValue(v);
        }
    }

    @Test
    void absentEntryIsNotReleased() {
        assertFalse(new ReleaseStream("A", 1).process(new Entry(null)));
        assertNull(new Entry(null).value);
    }
}
