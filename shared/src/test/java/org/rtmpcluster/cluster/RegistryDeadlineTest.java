package org.rtmpcluster.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.testing.TestNode;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Registry calls against a map that never answers (a partition owner stuck in a migration, a member gone silent):
 * each fails once its deadline has passed instead of waiting out Hazelcast's own call timeout.
 */
class RegistryDeadlineTest {
    private static final long DEADLINE_MILLIS = 200;
    /** How long the test waits for the failure: far above the deadline, far below Hazelcast's 60 s and more. */
    private static final long PATIENCE_MILLIS = 10_000;
    private static Vertx vertx;
    private static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        release.countDown();
        TestNode.await(vertx.close());
    }

    /** A map whose asynchronous calls never complete, and whose blocking calls block until the test ends. */
    @SuppressWarnings("unchecked")
    private static <V> IMap<String, V> silent() {
        return (IMap<String, V>) Proxy.newProxyInstance(IMap.class.getClassLoader(), new Class<?>[] {IMap.class},
                (proxy, method, args) -> {
                    if (method.getReturnType().isAssignableFrom(CompletableFuture.class)) {
                        return new CompletableFuture<>();
                    }
                    release.await();
                    throw new IllegalStateException("the test ended");
                });
    }

    private static Throwable failureOf(String what, Future<?> call) throws InterruptedException {
        try {
            call.toCompletionStage().toCompletableFuture().get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            return fail(what + " succeeded against a map that never answers");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail(what + " had no answer within " + PATIENCE_MILLIS + " ms: it waits on the map for ever");
        }
    }

    @Test
    void claimsReleasesRefreshesAndLookupsFailAfterTheDeadline() throws InterruptedException {
        StreamRegistry streams = new StreamRegistry(vertx, silent(), DEADLINE_MILLIS);
        StreamKey key = new StreamKey("live", "stuck");
        StreamRecord claim = new StreamRecord(key.toString(), "A", "a:1935", 0, 1, true);
        for (var call : List.of(
                new Object[] {"a claim", streams.claim(key, "A", "a:1935", Set.of("A"))},
                new Object[] {"a release", streams.release(claim)},
                new Object[] {"a refresh", streams.refresh(claim)},
                new Object[] {"a lookup", streams.lookup(key)})) {
            Throwable failure = failureOf((String) call[0], (Future<?>) call[1]);
            assertInstanceOf(TimeoutException.class, failure);
            assertTrue(failure.getMessage().contains("REGISTRY_TIMEOUT_MS"), failure.getMessage());
        }
    }

    @Test
    void readingTheNodesForAPublishFailsAfterTheDeadline() throws InterruptedException {
        NodeRegistry nodes = new NodeRegistry(vertx, silent(), DEADLINE_MILLIS);
        assertInstanceOf(TimeoutException.class, failureOf("a read of the nodes", nodes.nodes()));
    }
}
