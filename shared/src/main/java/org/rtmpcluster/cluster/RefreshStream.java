package org.rtmpcluster.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The owner's heartbeat on its claim: renews the record's time-to-live if the claim is still its own. Returns false
 * when it is not (it expired, or after a split-brain merge another origin's newer claim won): the owner then stops
 * publishing, so no stream has two owners.
 */
final class RefreshStream implements EntryProcessor<String, StreamRecord, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final long epoch;
    private final long ttlMillis;

    RefreshStream(String nodeId, long epoch, long ttlMillis) {
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Boolean process(Map.Entry<String, StreamRecord> entry) {
        StreamRecord current = entry.getValue();
        if (current == null || !current.live() || !current.nodeId().equals(nodeId) || current.epoch() != epoch) {
            return false;
        }
        ((ExtendedMapEntry<String, StreamRecord>) entry).setValue(current, ttlMillis, TimeUnit.MILLISECONDS);
        return true;
    }
}
