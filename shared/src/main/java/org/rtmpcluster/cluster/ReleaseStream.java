package org.rtmpcluster.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Ends a stream's record, but only the claim it names: its node, and its epoch unless that is -1 ("any claim of
 * this node", used when a node left the cluster). A release that arrives after someone else claimed the key
 * changes nothing. The record is removed: epochs need no tombstone to keep growing ({@link EpochClock}), so the
 * registry holds live streams only, however many keys publishers have used.
 */
final class ReleaseStream implements EntryProcessor<String, StreamRecord, Boolean>, IdentifiedDataSerializable {
    private String nodeId;
    private long epoch;

    /** For deserialization ({@link RegistrySerialization#FACTORY}). */
    ReleaseStream() {
    }

    ReleaseStream(String nodeId, long epoch) {
        this.nodeId = nodeId;
        this.epoch = epoch;
    }

    @Override
    public Boolean process(Map.Entry<String, StreamRecord> entry) {
        StreamRecord current = entry.getValue();
        if (current == null || !current.live() || !current.nodeId().equals(nodeId)
                || (epoch >= 0 && current.epoch() != epoch)) {
            return false;
        }
        entry.setValue(null); // removes the entry; listeners see it removed, with the record as its old value
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(nodeId);
        out.writeLong(epoch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nodeId = in.readString();
        epoch = in.readLong();
    }

    @Override
    public int getFactoryId() {
        return RegistrySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RegistrySerialization.RELEASE_STREAM;
    }
}
