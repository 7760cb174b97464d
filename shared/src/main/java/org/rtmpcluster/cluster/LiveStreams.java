package org.rtmpcluster.cluster;

import com.hazelcast.query.Predicate;

import java.util.Comparator;
import java.util.Map;

/**
 * The registry query for live streams (an ended stream's record, as older nodes kept it, left out), run on the
 * members that hold the data. A class of our own rather than {@code Predicates.equal("live", true)}: no reflection
 * over a record's accessors, and the comparator for paging by key travels with it (Hazelcast serializes both to
 * every member, as {@link RegistrySerialization} says).
 */
final class LiveStreams implements Predicate<String, StreamRecord>, StatelessRegistryType {
    static final LiveStreams INSTANCE = new LiveStreams();

    @Override
    public boolean apply(Map.Entry<String, StreamRecord> entry) {
        StreamRecord r = entry.getValue();
        return r != null && r.live();
    }

    @Override
    public int getClassId() {
        return RegistrySerialization.LIVE_STREAMS;
    }

    /** Orders a page by stream key, so pages are stable while the set of streams is. */
    static final class ByKey implements Comparator<Map.Entry<String, StreamRecord>>, StatelessRegistryType {
        static final ByKey INSTANCE = new ByKey();

        @Override
        public int compare(Map.Entry<String, StreamRecord> a, Map.Entry<String, StreamRecord> b) {
            return a.getKey().compareTo(b.getKey());
        }

        @Override
        public int getClassId() {
            return RegistrySerialization.LIVE_STREAMS_BY_KEY;
        }
    }
}
