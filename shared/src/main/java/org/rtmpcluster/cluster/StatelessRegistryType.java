package org.rtmpcluster.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * A registry type with no fields (a predicate, a comparator, a merge policy): it travels as its ids alone, from
 * {@link RegistrySerialization}'s factory. Implementations name their class id.
 */
interface StatelessRegistryType extends IdentifiedDataSerializable {
    @Override
    default void writeData(ObjectDataOutput out) {
        // nothing to write
    }

    @Override
    default void readData(ObjectDataInput in) {
        // nothing to read
    }

    @Override
    default int getFactoryId() {
        return RegistrySerialization.FACTORY_ID;
    }
}
