package org.rtmpcluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry on one real Hazelcast member: what its calls do to the record, and which of them are events. */
class StreamRegistryTest {
    private static HazelcastInstance hz;
    private static Vertx vertx;
    private static StreamRegistry registry;
    private static final List<StreamRecord> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        hz = OneMember.start("A");
        vertx = Vertx.vertx();
        registry = new StreamRegistry(vertx, hz.getMap(StreamRegistry.MAP_NAME));
        TestNode.await(registry.start());
        registry.onChange(events::add);
    }

    @AfterAll
    static void stop() {
        TestNode.await(vertx.close());
        hz.shutdown();
    }

    private static long expiresAt(StreamKey key) {
        return hz.<String, StreamRecord>getMap(StreamRegistry.MAP_NAME).getEntryView(key.toString()).getExpirationTime();
    }

    /**
     * Until a renewal now would expire later than {@code expiry}, set by a write before: Hazelcast keeps a record's
     * times in whole seconds, so at least a second on.
     */
    private static void awaitClockPast(long expiry) {
        Await.until("the clock to move on", () -> System.currentTimeMillis() + StreamRegistry.LIVE_TTL_MILLIS
                >= expiry + 1000);
    }

    @Test
    void refreshesRenewTheClaimWithoutAnEventSoListenersHearOnlyOfItsStartAndEnd() {
        StreamKey key = new StreamKey("live", "refreshed");
        StreamRecord claim = TestNode.await(registry.claim(key, "A", "a:1935", Set.of("A")));
        long expiry = expiresAt(key);
        awaitClockPast(expiry);
        for (int i = 0; i < 3; i++) {
            assertTrue(TestNode.await(registry.refresh(claim)), "still ours");
        }
        assertTrue(expiresAt(key) > expiry, "the time-to-live was renewed");
        assertTrue(TestNode.await(registry.release(claim)));
        Await.until("the release's event", () -> events.stream().anyMatch(e -> e.key().equals(key.toString())
                && !e.live()));
        List<StreamRecord> mine = events.stream().filter(e -> e.key().equals(key.toString())).toList();
        assertEquals(List.of(claim, claim.ended()), mine, "the claim and its end, and no event per refresh");
    }

    @Test
    void aRefreshOfAClaimThatIsNoLongerOursIsRefusedAndLeavesTheNewClaimAlone() {
        StreamKey key = new StreamKey("live", "moved");
        StreamRecord ours = TestNode.await(registry.claim(key, "A", "a:1935", Set.of("A")));
        assertTrue(TestNode.await(registry.release(ours)));
        assertFalse(TestNode.await(registry.refresh(ours)), "released: gone");
        // B claims the key while A is not a holder any more (drained, or gone).
        StreamRecord theirs = TestNode.await(registry.claim(key, "B", "b:1935", Set.of("B")));
        long expiry = expiresAt(key);
        awaitClockPast(expiry);
        assertFalse(TestNode.await(registry.refresh(ours)), "the key is B's now");
        assertEquals(expiry, expiresAt(key), "A's refusal did not renew B's claim");
        assertTrue(TestNode.await(registry.refresh(theirs)));
        TestNode.await(registry.release(theirs));
    }

    /**
     * API queries run on Vert.x's shared worker pool; claim renewals must not queue behind them, or they slip past the
     * TTL and the origin revokes its own publishers.
     */
    @Test
    void aRefreshCompletesWhileVertxsSharedWorkersAreAllBusy() throws Exception {
        StreamKey key = new StreamKey("live", "busy-workers");
        StreamRecord claim = TestNode.await(registry.claim(key, "A", "a:1935", Set.of("A")));
        CountDownLatch allBusy = new CountDownLatch(VertxOptions.DEFAULT_WORKER_POOL_SIZE);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < VertxOptions.DEFAULT_WORKER_POOL_SIZE + 10; i++) {
            vertx.executeBlocking(() -> {
                allBusy.countDown();
                return release.await(60, TimeUnit.SECONDS);
            }, false);
        }
        try {
            assertTrue(allBusy.await(10, TimeUnit.SECONDS), "the shared workers are all taken");
            assertTrue(registry.refresh(claim).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS),
                    "the refresh finished, and the claim is still ours");
        } finally {
            release.countDown();
        }
        TestNode.await(registry.release(claim));
    }
}
