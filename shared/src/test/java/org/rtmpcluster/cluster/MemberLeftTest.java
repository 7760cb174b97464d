package org.rtmpcluster.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an origin does to the stream registry when a member leaves: nothing for an edge (a lite member owns no
 * streams), and for an origin, an end to that origin's streams only, found by their node id rather than by a pass
 * over every record.
 */
class MemberLeftTest {
    /** The arguments of each {@code executeOnEntries} call on the origin's stream map. */
    private final List<Object[]> scans = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    private IMap<String, StreamRecord> watched(IMap<String, StreamRecord> real) {
        return (IMap<String, StreamRecord>) Proxy.newProxyInstance(IMap.class.getClassLoader(),
                new Class<?>[] {IMap.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeOnEntries")) {
                        scans.add(args);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static HazelcastInstance member(String name, int port, int seedPort, String nodeId, boolean lite) {
        return Hazelcast.newHazelcastInstance(HazelcastSetup.config(new ClusterOptions(name, "127.0.0.1", port,
                List.of("127.0.0.1:" + seedPort), "", lite, 30_000), nodeId));
    }

    private static NodeRecord origin(String id) {
        return new NodeRecord(id, "origin", "eu", NodeRecord.READY, "a:1935", "a:1935", "a:8080", 0, NodeLoad.NONE);
    }

    @Test
    void anEdgeLeavingScansNothingAndAnOriginLeavingEndsItsOwnStreamsOnly() throws Exception {
        int portA = TestNode.freePort();
        String name = "member-left-" + portA;
        HazelcastInstance a = member(name, portA, portA, "A", false);
        Vertx vertx = Vertx.vertx();
        HazelcastInstance edge = null;
        HazelcastInstance b = null;
        try {
            IMap<String, StreamRecord> streams = a.getMap(StreamRegistry.MAP_NAME);
            Cluster cluster = new Cluster(vertx, a, watched(streams), 5000);
            TestNode.await(cluster.start(origin("A"), () -> NodeLoad.NONE));
            CountDownLatch left = new CountDownLatch(1);
            cluster.onReconcile(left::countDown);

            edge = member(name, TestNode.freePort(), portA, "E", true);
            HazelcastInstance e = edge;
            Await.until("the edge to join", () -> a.getCluster().getMembers().size() == 2);
            e.getLifecycleService().terminate();
            assertTrue(left.await(30, TimeUnit.SECONDS), "the origin heard that the edge left");

            b = member(name, TestNode.freePort(), portA, "B", false);
            HazelcastInstance other = b;
            Await.until("origin B to join", () -> a.getCluster().getMembers().size() == 2);
            StreamRegistry registry = cluster.streams();
            StreamRecord ofA = TestNode.await(registry.claim(new StreamKey("live", "a"), "A", "a:1935",
                    Set.of("A", "B")));
            for (int i = 0; i < 3; i++) {
                TestNode.await(registry.claim(new StreamKey("live", "b" + i), "B", "b:1935", Set.of("A", "B")));
            }
            other.getLifecycleService().terminate();
            Await.until(() -> "B's streams to end: " + streams.keySet(), () -> streams.size() == 1, 30_000);

            assertNotNull(TestNode.await(registry.lookup(new StreamKey("live", "a"))), "A's stream is still live");
            assertEquals(ofA, streams.get("live/a"));
            assertNull(streams.get("live/b0"));
            assertEquals(1, scans.size(), "one pass for the origin that left, none for the edge");
            assertEquals(2, scans.get(0).length, "the pass is limited by a predicate on the node id");
        } finally {
            if (b != null) {
                b.getLifecycleService().terminate();
            }
            if (edge != null) {
                edge.getLifecycleService().terminate();
            }
            TestNode.await(vertx.close());
            a.shutdown();
        }
    }
}
