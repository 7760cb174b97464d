package org.rtmpcluster.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A claim as its partition owner decided it, written to the backup copy as it is: {@link ClaimStream} takes its
 * epoch from the owner's {@link EpochClock}, so running it again on a backup would decide differently.
 */
final class StoreClaim implements EntryProcessor<String, StreamRecord, StreamRecord> {
    private static final long serialVersionUID = 1L;

    private final StreamRecord claimed;
    private final long ttlMillis;

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
}
