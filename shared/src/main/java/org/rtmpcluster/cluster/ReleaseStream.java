package org.rtmpcluster.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ends a stream's record, but only the claim it names: its node, and its epoch unless that is -1 ("any claim of
 * this node", used when a node left the cluster). A release that arrives after someone else claimed the key
 * changes nothing. The record stays as a tombstone so the next epoch is higher.
 */
final class ReleaseStream implements EntryProcessor<String, StreamRecord, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final long epoch;
    private final long tombstoneTtlMillis;

    ReleaseStream(String nodeId, long epoch, long tombstoneTtlMillis) {
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.tombstoneTtlMillis = tombstoneTtlMillis;
    }

    @Override
    public Boolean process(Map.Entry<String, StreamRecord> entry) {
        StreamRecord current = entry.getValue();
        if (current == null || !current.live() || !current.nodeId().equals(nodeId)
                || (epoch >= 0 && current.epoch() != epoch)) {
            return false;
        }
        ((ExtendedMapEntry<String, StreamRecord>) entry).setValue(current.ended(), tombstoneTtlMillis,
                TimeUnit.MILLISECONDS);
        return true;
    }
}
