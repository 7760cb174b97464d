package org.rtmpcluster.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * The registry's records as Hazelcast stores and sends them: their fields in order, under a type id of ours
 * ({@link RegistrySerialization}). Records stay immutable values, which {@code IdentifiedDataSerializable} (filled in
 * after construction) cannot be. Members of one cluster must agree on the fields: a change of them is a new type
 * id, and a rolling upgrade across it needs a new {@code CLUSTER_NAME} (the old members cannot read the new records).
 * A record from a stranger is read like any other, and bounded as Hazelcast bounds strings; whether it is believed
 * is {@link ClusterTrust}'s decision.
 */
final class RecordSerializers {
    /** With its signature (19_351 was the record before signatures). */
    static final int STREAM_RECORD = 19_354;
    /** With its signature (19_352 was the record before signatures). */
    static final int NODE_RECORD = 19_355;
    static final int NODE_LOAD = 19_353;

    private RecordSerializers() {
    }

    static final class StreamRecords implements StreamSerializer<StreamRecord> {
        @Override
        public int getTypeId() {
            return STREAM_RECORD;
        }

        @Override
        public void write(ObjectDataOutput out, StreamRecord r) throws IOException {
            out.writeString(r.key());
            out.writeString(r.nodeId());
            out.writeString(r.rtmpAddress());
            out.writeLong(r.startedAt());
            out.writeLong(r.epoch());
            out.writeBoolean(r.live());
            out.writeString(r.signature());
        }

        @Override
        public StreamRecord read(ObjectDataInput in) throws IOException {
            return new StreamRecord(in.readString(), in.readString(), in.readString(), in.readLong(), in.readLong(),
                    in.readBoolean(), in.readString());
        }
    }

    static final class NodeRecords implements StreamSerializer<NodeRecord> {
        @Override
        public int getTypeId() {
            return NODE_RECORD;
        }

        @Override
        public void write(ObjectDataOutput out, NodeRecord r) throws IOException {
            out.writeString(r.nodeId());
            out.writeString(r.role());
            out.writeString(r.zone());
            out.writeString(r.state());
            out.writeString(r.rtmpAddress());
            out.writeString(r.clientAddress());
            out.writeString(r.httpAddress());
            out.writeLong(r.startedAt());
            NodeLoads.writeLoad(out, r.load());
            out.writeString(r.signature());
        }

        @Override
        public NodeRecord read(ObjectDataInput in) throws IOException {
            return new NodeRecord(in.readString(), in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readLong(), NodeLoads.readLoad(in), in.readString());
        }
    }

    static final class NodeLoads implements StreamSerializer<NodeLoad> {
        @Override
        public int getTypeId() {
            return NODE_LOAD;
        }

        @Override
        public void write(ObjectDataOutput out, NodeLoad load) throws IOException {
            writeLoad(out, load);
        }

        @Override
        public NodeLoad read(ObjectDataInput in) throws IOException {
            return readLoad(in);
        }

        static void writeLoad(ObjectDataOutput out, NodeLoad load) throws IOException {
            NodeLoad l = load == null ? NodeLoad.NONE : load;
            out.writeInt(l.players());
            out.writeLong(l.egressBps());
            out.writeInt(l.capacityPlayers());
            out.writeLong(l.capacityBps());
        }

        static NodeLoad readLoad(ObjectDataInput in) throws IOException {
            return new NodeLoad(in.readInt(), in.readLong(), in.readInt(), in.readLong());
        }
    }
}
