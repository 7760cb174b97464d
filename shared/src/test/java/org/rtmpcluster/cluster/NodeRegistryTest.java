package org.rtmpcluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node registry on one real Hazelcast member: how often routing's reads reach the map. */
class NodeRegistryTest {
    private static HazelcastInstance hz;
    private static Vertx vertx;
    private static final AtomicInteger reads = new AtomicInteger();

    @BeforeAll
    static void start() {
        hz = OneMember.start("self");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(vertx.close());
        hz.shutdown();
    }

    /** The map, counting the reads of every record. */
    @SuppressWarnings("unchecked")
    private static IMap<String, NodeRecord> counted(String name) {
        IMap<String, NodeRecord> real = hz.getMap(name);
        return (IMap<String, NodeRecord>) Proxy.newProxyInstance(IMap.class.getClassLoader(),
                new Class<?>[] {IMap.class}, (proxy, method, args) -> {
                    if (method.getName().equals("values") && (args == null || args.length == 0)) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static NodeRecord record(String id) {
        return new NodeRecord(id, "edge", "eu", NodeRecord.READY, id + ":1935", id + ":1935", id + ":8080", 0,
                NodeLoad.NONE);
    }

    @Test
    void routingsReadsShareOneReadOfTheMapPerHalfSecondAndANodesOwnStateChangeShowsAtOnce() {
        String name = "nodes-" + System.nanoTime();
        NodeRegistry registry = new NodeRegistry(vertx, counted(name));
        TestNode.await(registry.register(record("self"), () -> NodeLoad.NONE));

        reads.set(0);
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertEquals(1, TestNode.await(registry.recentNodes()).size());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(reads.get() <= 1 + elapsedMillis / NodeRegistry.SNAPSHOT_MILLIS,
                "200 reads for routing in " + elapsedMillis + " ms read the map " + reads.get() + " times");

        int before = reads.get();
        hz.<String, NodeRecord>getMap(name).put("other", record("other"));
        assertEquals(2, TestNode.await(registry.nodes()).size(), "nodes() reads now");
        assertEquals(before + 1, reads.get());
        Await.until("routing to see the other node", () -> TestNode.await(registry.recentNodes()).size() == 2);

        TestNode.await(registry.updateState(NodeRecord.DRAINING));
        assertEquals(NodeRecord.DRAINING, TestNode.await(registry.recentNodes()).stream()
                .filter(n -> n.nodeId().equals("self")).findFirst().orElseThrow().state(),
                "this node's answers show its own drain at once");
        TestNode.await(registry.deregister());
    }

    /**
     * The node's load is sampled under the node's own lock, and a drain takes that lock before it marks the node
     * draining here: a refresh that held the registry's lock while it sampled deadlocked against it.
     */
    @Test
    void aDrainRacingTheLoadRefreshDoesNotDeadlock() throws Exception {
        Object nodeLock = new Object();
        CountDownLatch sampling = new CountDownLatch(1);
        CountDownLatch drainHoldsNode = new CountDownLatch(1);
        NodeRegistry registry = new NodeRegistry(vertx, hz.getMap("nodes-" + System.nanoTime()));
        AtomicBoolean armed = new AtomicBoolean();
        TestNode.await(registry.register(record("self"), () -> {
            if (!armed.get()) {
                return NodeLoad.NONE; // the sample at registration
            }
            sampling.countDown();
            awaitQuietly(drainHoldsNode);
            synchronized (nodeLock) { // what Node.load did
                return new NodeLoad(1, 0, 0, 0);
            }
        }));
        armed.set(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> refresh = threads.submit(registry::refresh);
            Future<?> drain = threads.submit(() -> {
                synchronized (nodeLock) { // what Node.drain did
                    awaitQuietly(sampling);
                    drainHoldsNode.countDown();
                    registry.updateState(NodeRecord.DRAINING);
                }
            });
            drain.get(10, TimeUnit.SECONDS);
            refresh.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        TestNode.await(registry.deregister());
    }

    /** Drains and refreshes run at once many times over, in no particular order: all of them finish. */
    @Test
    void manyDrainsAndRefreshesAtOnceAllFinish() throws Exception {
        Object nodeLock = new Object();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 200; i++) {
                NodeRegistry registry = new NodeRegistry(vertx, hz.getMap("nodes-race"));
                TestNode.await(registry.register(record("self-" + i), () -> {
                    synchronized (nodeLock) {
                        return NodeLoad.NONE;
                    }
                }));
                CountDownLatch go = new CountDownLatch(1);
                Future<?> refresh = threads.submit(() -> {
                    awaitQuietly(go);
                    registry.refresh();
                });
                Future<?> drain = threads.submit(() -> {
                    awaitQuietly(go);
                    synchronized (nodeLock) {
                        registry.updateState(NodeRecord.DRAINING);
                    }
                });
                go.countDown();
                drain.get(10, TimeUnit.SECONDS);
                refresh.get(10, TimeUnit.SECONDS);
                TestNode.await(registry.deregister());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the other thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
