package org.rtmpcluster.cluster;

import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * After a network split heals, each stream key keeps the record with the higher epoch (the later publish). The
 * losing origin finds out at its next refresh and stops its publisher, so a key never keeps two owners.
 */
public final class HigherEpochMergePolicy
        implements SplitBrainMergePolicy<StreamRecord, MergingValue<StreamRecord>, StreamRecord>,
        StatelessRegistryType {

    @Override
    public StreamRecord merge(MergingValue<StreamRecord> merging, MergingValue<StreamRecord> existing) {
        if (existing == null || existing.getValue() == null) {
            if (merging.getValue() != null) {
                EpochClock.observe(merging.getValue().epoch());
            }
            return merging.getValue();
        }
        StreamRecord a = merging.getValue();
        StreamRecord b = existing.getValue();
        if (a == null) {
            return b;
        }
        // Both sides issued epochs while apart: later epochs here go above the higher of the two.
        EpochClock.observe(Math.max(a.epoch(), b.epoch()));
        return a.epoch() > b.epoch() ? a : b;
    }

    @Override
    public int getClassId() {
        return RegistrySerialization.HIGHER_EPOCH_MERGE_POLICY;
    }
}
