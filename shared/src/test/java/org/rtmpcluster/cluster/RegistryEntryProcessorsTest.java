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
    void aFreeKeyIsClaimedWithTheClockAsEpoch() {
        Entry e = new Entry(null);
        StreamRecord r = new ClaimStream("A", "a:1935", 1000, Set.of("A"), 30_000).process(e);
        assertEquals(new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true), r);
        assertEquals(r, e.value);
        assertEquals(30_000, e.ttlMillis);
    }

    @Test
    void aLiveClaimOfAMemberIsNotTakenOver() {
        StreamRecord held = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry e = new Entry(held);
        StreamRecord r = new ClaimStream("B", "b:1935", 2000, Set.of("A", "B"), 30_000).process(e);
        assertEquals(held, r, "the current owner is returned");
        assertEquals(held, e.value, "and left in place");
    }

    @Test
    void aLiveClaimOfANodeThatLeftIsTakenOverWithAHigherEpoch() {
        Entry e = new Entry(new StreamRecord(KEY, "A", "a:1935", 1000, 5000, true));
        StreamRecord r = new ClaimStream("B", "b:1935", 2000, Set.of("B"), 30_000).process(e);
        assertEquals("B", r.nodeId());
        assertEquals(5001, r.epoch(), "above the old epoch even when the clock is behind it");
    }

    @Test
    void aNodeReclaimingItsOwnKeyGetsANewEpochSoALateReleaseOfTheOldOneIsVoid() {
        StreamRecord old = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry e = new Entry(old);
        StreamRecord again = new ClaimStream("A", "a:1935", 1000, Set.of("A"), 30_000).process(e);
        assertEquals(1001, again.epoch());
        assertFalse(new ReleaseStream("A", 1000, 60_000).process(e));
        assertTrue(e.value.live());
    }

    @Test
    void aTombstoneKeepsEpochsGrowing() {
        Entry e = new Entry(new StreamRecord(KEY, "A", "a:1935", 1000, 9000, false));
        assertEquals(9001, new ClaimStream("A", "a:1935", 3000, Set.of("A"), 30_000).process(e).epoch());
    }

    @Test
    void releaseEndsOnlyTheClaimItNames() {
        StreamRecord claim = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry newer = new Entry(new StreamRecord(KEY, "B", "b:1935", 2000, 2000, true));
        assertFalse(new ReleaseStream("A", 1000, 60_000).process(newer), "a late release of an old claim");
        assertTrue(newer.value.live());

        Entry current = new Entry(claim);
        assertTrue(new ReleaseStream("A", 1000, 60_000).process(current));
        assertEquals(claim.ended(), current.value, "a tombstone with the epoch kept");
        assertEquals(60_000, current.ttlMillis);
    }

    @Test
    void releasingEveryClaimOfANodeIgnoresEpochsButNotOwners() {
        Entry ofA = new Entry(new StreamRecord(KEY, "A", "a:1935", 1000, 1234, true));
        Entry ofB = new Entry(new StreamRecord(KEY, "B", "b:1935", 1000, 1234, true));
        assertTrue(new ReleaseStream("A", -1, 60_000).process(ofA));
        assertFalse(new ReleaseStream("A", -1, 60_000).process(ofB));
        assertTrue(ofB.value.live());
    }

    @Test
    void refreshRenewsOnlyTheOwnersCurrentClaim() {
        StreamRecord claim = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        Entry e = new Entry(claim);
        assertTrue(new RefreshStream("A", 1000, 30_000).process(e));
        assertEquals(30_000, e.ttlMillis);
        Entry lost = new Entry(new StreamRecord(KEY, "B", "b:1935", 2000, 2000, true));
        assertFalse(new RefreshStream("A", 1000, 30_000).process(lost), "the claim moved to another origin");
        assertFalse(new RefreshStream("A", 1000, 30_000).process(new Entry(null)), "the claim expired");
    }

    @Test
    void afterASplitTheHigherEpochWins() {
        HigherEpochMergePolicy policy = new HigherEpochMergePolicy();
        StreamRecord older = new StreamRecord(KEY, "A", "a:1935", 1000, 1000, true);
        StreamRecord newer = new StreamRecord(KEY, "B", "b:1935", 2000, 2000, true);
        assertEquals(newer, policy.merge(value(older), value(newer)));
        assertEquals(newer, policy.merge(value(newer), value(older)));
        assertEquals(older, policy.merge(value(older), null));
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
        assertFalse(new ReleaseStream("A", 1, 60_000).process(new Entry(null)));
        assertNull(new Entry(null).value);
    }
}
