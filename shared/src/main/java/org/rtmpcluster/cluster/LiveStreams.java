package org.rtmpcluster.cluster;

import com.hazelcast.query.Predicate;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Map;

/**
 * The registry query for live streams (an ended stream's record, as older nodes kept it, left out), run on the
 * members that hold the data. A class of our own rather than {@code Predicates.equal("live", true)}: no reflection over a record's accessors, and the
 * comparator for paging by key travels with it (Hazelcast serializes both to every member).
 */
final class LiveStreams implements Predicate<String, StreamRecord> {
    static final LiveStreams INSTANCE = new LiveStreams();
    private static final long serialVersionUID = 1L;

    @Override
    public boolean apply(Map.Entry<String, StreamRecord> entry) {
        StreamRecord r = entry.getValue();
        return r != null && r.live();
    }

    /** Orders a page by stream key, so pages are stable while the set of streams is. */
    static final class ByKey implements Comparator<Map.Entry<String, StreamRecord>>, Serializable {
        static final ByKey INSTANCE = new ByKey();
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Map.Entry<String, StreamRecord> a, Map.Entry<String, StreamRecord> b) {
            return a.getKey().compareTo(b.getKey());
        }
    }
}
