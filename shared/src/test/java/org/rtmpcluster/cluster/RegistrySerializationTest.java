package org.rtmpcluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's types through a real member's serialization, and what that member refuses to deserialize. */
class RegistrySerializationTest {
    /** Hazelcast's type id for objects written with Java serialization. */
    private static final int JAVA_SERIALIZATION = -100;
    private static final int IDENTIFIED_DATA_SERIALIZABLE = -2;
    private static HazelcastInstance hz;
    private static InternalSerializationService member;

    @BeforeAll
    static void start() {
        hz = OneMember.start("A");
        member = (InternalSerializationService) ((SerializationServiceSupport) hz).getSerializationService();
    }

    @AfterAll
    static void stop() {
        hz.shutdown();
    }

    private static <T> T roundTrip(T value, int expectedType) {
        Data data = member.toData(value);
        assertEquals(expectedType, data.getType(), value.getClass().getSimpleName() + " travels as type "
                + data.getType());
        return member.toObject(data);
    }

    @Test
    void recordsTravelAsTheirFieldsAndComeBackEqual() {
        StreamRecord stream = new StreamRecord("live/cam", "node-a", "10.0.0.1:1935", 1000, 2000, true);
        NodeLoad load = new NodeLoad(8000, 25_000_000_000L, 8000, 0);
        NodeRecord node = new NodeRecord("node-a", "edge", "eu", NodeRecord.READY, "10.0.0.1:1935", "1.2.3.4:1935",
                "10.0.0.1:8080", 1000, load);
        assertEquals(stream, roundTrip(stream, RecordSerializers.STREAM_RECORD));
        assertEquals(node, roundTrip(node, RecordSerializers.NODE_RECORD));
        assertEquals(load, roundTrip(load, RecordSerializers.NODE_LOAD));
        assertTrue(member.toData(stream).totalSize() < 100, "a stream record takes "
                + member.toData(stream).totalSize() + " bytes");
    }

    @Test
    void entryProcessorsAndQueriesTravelByIdAndStillDecideTheSame() {
        StreamRecord held = new StreamRecord("live/cam", "A", "a:1935", 1000, 1000, true);
        ClaimStream claim = roundTrip(new ClaimStream("B", "b:1935", 2000, Set.of("A", "B"), 30_000),
                IDENTIFIED_DATA_SERIALIZABLE);
        assertEquals(held, claim.process(entry(held)), "A is a member: its claim stands");
        assertTrue(roundTrip(new ReleaseStream("A", 1000), IDENTIFIED_DATA_SERIALIZABLE).process(entry(held)));
        assertEquals(held, roundTrip(new StoreClaim(held, 30_000), IDENTIFIED_DATA_SERIALIZABLE)
                .process(entry(null)));
        assertTrue(roundTrip(new LiveStreams(), IDENTIFIED_DATA_SERIALIZABLE).apply(entry(held)));
        assertInstanceOf(LiveStreams.ByKey.class, roundTrip(new LiveStreams.ByKey(), IDENTIFIED_DATA_SERIALIZABLE));
        assertInstanceOf(HigherEpochMergePolicy.class, roundTrip(new HigherEpochMergePolicy(),
                IDENTIFIED_DATA_SERIALIZABLE));
    }

    @Test
    void aJavaSerializedObjectOfAClassNotWhitelistedIsRefused() {
        // What a stranger on the member port could send: written by a serialization service without any filter.
        Data stranger = new DefaultSerializationServiceBuilder().build().toData(new Stranger("payload"));
        assertEquals(JAVA_SERIALIZATION, stranger.getType());
        HazelcastSerializationException refused = assertThrows(HazelcastSerializationException.class,
                () -> member.toObject(stranger));
        assertInstanceOf(SecurityException.class, rootCause(refused), String.valueOf(refused));
        assertFalse(Stranger.created, "the stranger's class was never instantiated");
    }

    @Test
    void hazelcastsOwnJavaSerializedExceptionsStillPass() {
        Data data = member.toData(new IllegalStateException("partition migrating", new RuntimeException("x")));
        assertEquals(JAVA_SERIALIZATION, data.getType());
        assertInstanceOf(IllegalStateException.class, member.toObject(data));
        assertEquals(List.of(1, 2), member.toObject(member.toData(new java.util.ArrayList<>(List.of(1, 2)))));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A class of no one's whitelist. */
    static final class Stranger implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean created;
        private final String text;

        Stranger(String text) {
            this.text = text;
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            created = true;
        }
    }

    /** A map entry as an entry processor sees it on its owner. */
    private static java.util.Map.Entry<String, StreamRecord> entry(StreamRecord value) {
        return new Entry(value);
    }

    private static final class Entry implements com.hazelcast.map.ExtendedMapEntry<String, StreamRecord> {
        private StreamRecord value;

        Entry(StreamRecord value) {
            this.value = value;
        }

        @Override
        public String getKey() {
            return "live/cam";
        }

        @Override
        public StreamRecord getValue() {
            return value;
        }

        @Override
        public StreamRecord setValue(StreamRecord v) {
            StreamRecord old = value;
            value = v;
            return old;
        }

        @Override
        public StreamRecord setValue(StreamRecord v, long ttl, java.util.concurrent.TimeUnit unit) {
            return setValue(v);
        }

        @Override
        public StreamRecord setValueWithoutChangingExpiryTime(StreamRecord v) {
            return setValue(v);
        }
    }
}
