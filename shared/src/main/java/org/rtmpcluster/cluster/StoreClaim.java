package org.rtmpcluster.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A claim as its partition owner decided it, written to the backup copy as it is: {@link ClaimStream} takes its
 * epoch from the owner's {@link EpochClock}, so running it again on a backup would decide differently.
 */
final class StoreClaim implements EntryProcessor<String, StreamRecord, StreamRecord>, IdentifiedDataSerializable {
    private StreamRecord claimed;
    private long ttlMillis;

    /** For deserialization ({@link RegistrySerialization#FACTORY}). */
    StoreClaim() {
    }

    StoreClaim(StreamRecord claimed, long ttlMillis) {
        this.claimed = claimed;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public StreamRecord process(Map.Entry<String, StreamRecord> entry) {
        EpochClock.observe(claimed.epoch());
        ((ExtendedMapEntry<String, StreamRecord>) entry).setValue(claimed, ttlMillis, TimeUnit.MILLISECONDS);
        return claimed;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(claimed);
        out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        claimed = in.readObject();
        ttlMillis = in.readLong();
    }

    @Override
    public int getFactoryId() {
        return RegistrySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RegistrySerialization.STORE_CLAIM;
    }
}
