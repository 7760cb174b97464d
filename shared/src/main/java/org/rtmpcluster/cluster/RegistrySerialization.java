package org.rtmpcluster.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * How the registry's types travel between members, and what a member agrees to deserialize. The records are written
 * by serializers of our own ({@link RecordSerializers}), the entry processors, predicates and the merge policy as
 * {@link IdentifiedDataSerializable}s created by {@link #FACTORY}: a few bytes of fields each, no class names, and
 * nothing is instantiated that is not one of ours.
 *
 * <p>Java serialization is still what Hazelcast uses for the exceptions of failed operations. Its filter admits
 * Hazelcast's own classes and the JDK's {@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math}
 * and {@code java.net} only, with Hazelcast's defaults off: a stranger who reaches the member port cannot have a
 * member instantiate a class of its choosing (Red5's CVE-2017-5878 in another costume). vertx-hazelcast writes its
 * node and subscription records as Hazelcast {@code DataSerializable}, not as Java objects.
 */
public final class RegistrySerialization {
    /** The factory id of our types; Hazelcast's own factories use negative ids. */
    static final int FACTORY_ID = 1935;
    static final int CLAIM_STREAM = 1;
    static final int RELEASE_STREAM = 2;
    static final int STORE_CLAIM = 3;
    static final int LIVE_STREAMS = 4;
    static final int LIVE_STREAMS_BY_KEY = 5;
    static final int HIGHER_EPOCH_MERGE_POLICY = 6;

    /** Class-name prefixes (and classes) Java deserialization may resolve. */
    static final String[] JAVA_WHITELIST_PREFIXES = {"com.hazelcast.", "java.lang.", "java.util.", "java.time.",
            "java.math.", "java.net.", "["};

    static final DataSerializableFactory FACTORY = classId -> switch (classId) {
        case CLAIM_STREAM -> new ClaimStream();
        case RELEASE_STREAM -> new ReleaseStream();
        case STORE_CLAIM -> new StoreClaim();
        case LIVE_STREAMS -> new LiveStreams();
        case LIVE_STREAMS_BY_KEY -> new LiveStreams.ByKey();
        case HIGHER_EPOCH_MERGE_POLICY -> new HigherEpochMergePolicy();
        default -> null; // Hazelcast reports an unknown class id
    };

    private RegistrySerialization() {
    }

    /** Registers our types in {@code config} and closes Java deserialization to everything else. */
    public static SerializationConfig configure(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, FACTORY);
        config.addSerializerConfig(new SerializerConfig().setTypeClass(StreamRecord.class)
                .setImplementation(new RecordSerializers.StreamRecords()));
        config.addSerializerConfig(new SerializerConfig().setTypeClass(NodeRecord.class)
                .setImplementation(new RecordSerializers.NodeRecords()));
        config.addSerializerConfig(new SerializerConfig().setTypeClass(NodeLoad.class)
                .setImplementation(new RecordSerializers.NodeLoads()));
        config.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig().setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addPrefixes(JAVA_WHITELIST_PREFIXES)));
        return config;
    }
}
