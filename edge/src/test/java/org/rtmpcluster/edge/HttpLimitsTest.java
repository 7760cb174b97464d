package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.http.HttpOptions;
import org.rtmpcluster.http.LocalFigures;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.PacedPublisher;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side cannot starve the cluster side (issue 18 §2): what a node's HTTP server refuses, against one origin
 * with the default limits and two edges with tight ones, in this JVM (real Hazelcast, real sockets). Clients come
 * from loopback addresses of their own (127.0.1.x for the flood) so that the per-address rate stays out of the way
 * of tests about other limits.
 */
@Timeout(180)
class HttpLimitsTest {
    private static final int FLOOD_CLIENTS = 64;
    /** A flood client's pause between requests: a load generator's pacing, under the per-address rate. */
    private static final long FLOOD_PACE_MILLIS = 200;
    /** How much of the stream the edge player receives while the flood goes on. */
    private static final long FLOOD_MEDIA_MILLIS = 5000;
    /** A claim refresh must complete well inside the claim's 30 s time-to-live, flood or not. */
    private static final long REFRESH_BUDGET_MILLIS = 5000;
    private static final long IDLE_TIMEOUT_MILLIS = 1500;
    private static final Pattern REFUSED = Pattern.compile(
            "^http_refused_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private static TestCluster cluster;
    private static Vertx clients;
    /** Default HTTP limits. */
    private static Node origin;
    /** At most 4 HTTP connections and 2 locate waits; the flood's player plays here. */
    private static Node capped;
    /** Closes an HTTP connection idle for {@link #IDLE_TIMEOUT_MILLIS}. */
    private static Node idle;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 0, 2);
        origin = cluster.origins.get(0);
        capped = cluster.addEdge("--http-max-connections", "4", "--locate-max-waits", "2");
        idle = cluster.addEdge("--http-idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MILLIS));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void aFloodOfListRequestsGets503sPastTheCapWhileClaimsRefreshAndAnEdgePlayerKeepsEveryFrame() throws Exception {
        // A node that answers no figure question holds every list request for the figure timeout: the flood's
        // requests stay in flight, as slow registry queries would.
        TestNode.await(idle.figures().unregister());
        MessageConsumer<JsonObject> silent = idle.vertx().eventBus().consumer(LocalFigures.address(idle.id()),
                request -> { });
        TestNode.await(silent.completion());
        AtomicBoolean flooding = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> flood = new ArrayList<>();
        try (PacedPublisher publisher = PacedPublisher.start(clients, TestCluster.port(origin), "live", "flooded", 81);
             TestPlayer player = TestPlayer.connect(clients, TestCluster.port(capped), "live").play("flooded")) {
            player.awaitMessages(10);
            StreamKey key = new StreamKey("live", "flooded");
            StreamRecord claim = TestNode.await(origin.cluster().streams().lookup(key));
            assertNotNull(claim, "the publish is claimed");
            for (int i = 0; i < FLOOD_CLIENTS; i++) {
                String from = "127.0.1." + (i + 1);
                Thread t = new Thread(() -> flood(from, flooding, statuses, wrong), "flood-" + from);
                t.start();
                flood.add(t);
            }
            Await.until(() -> "503s past the cap: " + statuses, () -> count(statuses, 503) > 0, 30_000);

            long start = System.nanoTime();
            assertTrue(TestNode.await(origin.cluster().streams().refresh(claim)), "the claim is still ours");
            long refreshMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(refreshMillis < REFRESH_BUDGET_MILLIS, "refresh during the flood took " + refreshMillis);
            // The flood goes on while the player receives FLOOD_MEDIA_MILLIS more of the stream.
            long floodStart = lastTimestamp(player);
            Await.until(() -> "the player to go on receiving, at " + lastTimestamp(player) + " from " + floodStart,
                    () -> lastTimestamp(player) >= floodStart + FLOOD_MEDIA_MILLIS, 30_000);

            flooding.set(false);
            for (Thread t : flood) {
                t.join();
            }
            assertEquals(List.of(), wrong, "every refusal is a 503 busy with Retry-After");
            assertTrue(count(statuses, 200) > 0, "the API still answers within its cap: " + statuses);
            assertEquals(statuses.keySet(), Set.of(200, 503), "only answers and refusals: " + statuses);
            assertEquals(claim.epoch(), TestNode.await(origin.cluster().streams().lookup(key)).epoch(),
                    "the publisher's claim survived the flood");
            assertTrue(refused(origin, "busy") >= count(statuses, 503), "refusals counted: " + statuses);
            assertTrue(threadNamed("rtmp-http-queries"), "the registry reads of the list requests ran on the API's "
                    + "own worker pool");
            assertIsRun(publisher.sent(), player.received());
        } finally {
            flooding.set(false);
            for (Thread t : flood) {
                t.join();
            }
            TestNode.await(silent.unregister());
            TestNode.await(idle.figures().register(idle.vertx().eventBus(), idle.id()));
        }
    }

    @Test
    void listRequestsAreAnsweredWhileTheSharedWorkerPoolIsFull() throws Exception {
        // The pool where stream claims are renewed, every thread taken: the API's registry reads do not share it,
        // so neither can they hold it when they are slow.
        int workers = VertxOptions.DEFAULT_WORKER_POOL_SIZE;
        CountDownLatch started = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            idle.vertx().executeBlocking(() -> {
                started.countDown();
                return release.await(60, TimeUnit.SECONDS);
            }, false);
        }
        try {
            assertTrue(started.await(30, TimeUnit.SECONDS), "every shared worker taken");
            try (RawHttp http = RawHttp.connect("127.0.0.10", TestCluster.httpPort(idle))) {
                RawHttp.Response streams = http.get("/api/v1/streams");
                assertEquals(200, streams.status(), streams.toString());
                RawHttp.Response nodes = http.get("/api/v1/nodes");
                assertEquals(200, nodes.status(), nodes.toString());
            }
        } finally {
            release.countDown();
        }
    }

    private static void flood(String from, AtomicBoolean flooding, Map<Integer, AtomicInteger> statuses,
                              List<String> wrong) {
        try (RawHttp http = RawHttp.connect(from, TestCluster.httpPort(origin))) {
            while (flooding.get()) {
                RawHttp.Response r = http.get("/api/v1/streams");
                statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                if (r.status() == 503 && (!r.body().startsWith("{\"error\":\"busy")
                        || !r.headers().containsKey("retry-after"))) {
                    wrong.add(r.toString());
                }
                Thread.sleep(FLOOD_PACE_MILLIS); // pacing the load, not waiting for an event
            }
        } catch (IOException e) {
            wrong.add(from + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long lastTimestamp(TestPlayer player) {
        List<Received> received = player.received();
        return received.isEmpty() ? 0 : received.get(received.size() - 1).timestamp();
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws IOException {
        try (RawHttp http = RawHttp.connect("127.0.0.5", TestCluster.httpPort(idle))) {
            assertEquals(200, http.get("/health").status());
            long start = System.nanoTime();
            assertTrue(http.closedWithin(IDLE_TIMEOUT_MILLIS + 10_000), "closed once idle");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= IDLE_TIMEOUT_MILLIS / 2, "not before it was idle: " + tookMillis + " ms");
        }
    }

    @Test
    void aConnectionOverTheCapIsClosedAndOneClosedMakesRoom() throws IOException {
        double before = refused(origin, "connections");
        // Connections of earlier tests may still be closing at the node: until the cap's worth is served.
        List<RawHttp> open = Await.value("4 connections served", () -> served(4));
        try {
            try (RawHttp over = RawHttp.connect("127.0.0.6", TestCluster.httpPort(capped))) {
                try {
                    over.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                } catch (IOException e) {
                    // closed already
                }
                assertTrue(over.closedWithin(10_000), "the fifth connection is closed unanswered");
            }
            open.remove(0).close();
            Await.until("a connection served again once one closed", () -> {
                List<RawHttp> one = served(1);
                one.forEach(RawHttp::close);
                return !one.isEmpty();
            });
        } finally {
            open.forEach(RawHttp::close);
        }
        Await.until("the refusal counted", () -> {
            try {
                return refused(capped, "connections") >= 1;
            } catch (AssertionError e) {
                return false; // this scrape's connection came while the node still counted closed ones as open
            }
        });
        assertEquals(before, refused(origin, "connections"), "the origin refused none");
    }

    /** {@code n} connections to the capped edge that each got an answer, or none. */
    private static List<RawHttp> served(int n) {
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                open.add(RawHttp.connect("127.0.0.6", TestCluster.httpPort(capped)));
                if (open.get(i).get("/health").status() != 200) {
                    break;
                }
            }
        } catch (IOException e) {
            // refused: the node has not seen earlier connections close yet
        }
        if (open.size() == n) {
            return open;
        }
        open.forEach(RawHttp::close);
        return null;
    }

    @Test
    void anOversizeRequestLineGets414AndTheConnectionCloses() throws IOException {
        assertRefusedAndClosed("GET /api/v1/streams/live/" + "a".repeat(HttpOptions.DEFAULT.maxInitialLineBytes())
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414, "request_line_too_long");
    }

    @Test
    void oversizeHeadersGet431AndTheConnectionCloses() throws IOException {
        assertRefusedAndClosed("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: "
                + "b".repeat(HttpOptions.DEFAULT.maxHeaderBytes()) + "\r\n\r\n", 431, "headers_too_large");
    }

    @Test
    void anOversizeBodyGets413AndTheConnectionCloses() throws IOException {
        assertRefusedAndClosed("POST /api/v1/streams HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + (HttpOptions.DEFAULT.maxBodyBytes() + 1) + "\r\n\r\n", 413, "body_too_large");
    }

    /** The origin answers {@code request} with {@code status} and an error, closes the connection, and counts it. */
    private static void assertRefusedAndClosed(String request, int status, String reason) throws IOException {
        try (RawHttp http = RawHttp.connect("127.0.0.7", TestCluster.httpPort(origin))) {
            http.send(request);
            RawHttp.Response r = http.read();
            assertEquals(status, r.status(), r.toString());
            assertTrue(r.body().startsWith("{\"error\":"), r.body());
            assertTrue(http.closedWithin(10_000), "closed");
        }
        assertTrue(refused(origin, reason) >= 1, "counted as " + reason);
    }

    @Test
    void aClientOverItsRateGets429WhileAnotherAddressIsServed() throws IOException {
        RawHttp.Response refused = null;
        try (RawHttp http = RawHttp.connect("127.0.0.3", TestCluster.httpPort(origin))) {
            // The burst, then faster than the rate: a 429 comes long before the loop ends.
            int limit = 10 * (HttpOptions.DEFAULT.rateBurst() + HttpOptions.DEFAULT.ratePerSecond());
            for (int i = 0; i < limit && refused == null; i++) {
                RawHttp.Response r = http.get("/health");
                if (r.status() != 200) {
                    refused = r;
                }
            }
        }
        assertNotNull(refused, "refused within the loop");
        assertEquals(429, refused.status(), refused.toString());
        assertTrue(refused.headers().containsKey("retry-after"), refused.toString());
        assertTrue(refused.body().startsWith("{\"error\":"), refused.body());
        try (RawHttp other = RawHttp.connect("127.0.0.2", TestCluster.httpPort(origin))) {
            assertEquals(200, other.get("/health").status(), "another address is served");
        }
        assertTrue(refused(origin, "rate") >= 1, "counted");
    }

    @Test
    void locateWaitsPastTheirBoundGet503() throws IOException {
        String waiting = "GET /api/v1/locate?stream=live/notyet&wait=20000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        RawHttp.Response[] last = new RawHttp.Response[1];
        try (RawHttp first = RawHttp.connect("127.0.0.8", TestCluster.httpPort(capped));
             RawHttp second = RawHttp.connect("127.0.0.8", TestCluster.httpPort(capped));
             RawHttp third = RawHttp.connect("127.0.0.8", TestCluster.httpPort(capped))) {
            first.send(waiting);
            second.send(waiting);
            // A short wait is a wait too: 404 (not live) until both long ones are under way, then refused.
            Await.until(() -> "a refused wait, last " + last[0], () -> {
                try {
                    last[0] = third.get("/api/v1/locate?stream=live/notyet&wait=1");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return last[0].status() != 404;
            });
            assertEquals(503, last[0].status(), last[0].toString());
            assertTrue(last[0].body().startsWith("{\"error\":\"busy"), last[0].body());
            assertTrue(last[0].headers().containsKey("retry-after"), last[0].toString());
        }
        Await.until("the refusal counted", () -> refused(capped, "locate_waits") >= 1);
    }

    @Test
    void metricsAreRenderedOffTheEventLoops() throws IOException {
        try (RawHttp http = RawHttp.connect("127.0.0.9", TestCluster.httpPort(origin))) {
            RawHttp.Response r = http.get("/metrics");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("http_refused_total{"), "refusals are a series");
        }
        assertTrue(threadNamed("rtmp-metrics"), "a scrape ran on the metrics worker");
    }

    /** Whether a thread of the worker pool {@code pool} exists: its threads start with the first task given it. */
    private static boolean threadNamed(String pool) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(pool + "-"));
    }

    /** The node's refusals of {@code reason}, from its metrics; 0 when the series is not there. */
    private static double refused(Node node, String reason) {
        Matcher m = REFUSED.matcher(metrics(node));
        while (m.find()) {
            if (m.group(1).contains("reason=\"" + reason + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static String metrics(Node node) {
        try (RawHttp http = RawHttp.connect("127.0.0.4", TestCluster.httpPort(node))) {
            return http.get("/metrics").body();
        } catch (IOException e) {
            throw new AssertionError("GET /metrics: " + e, e);
        }
    }

    /** The player's audio and video frames are a run of what was sent: nothing lost, added or reordered. */
    private static void assertIsRun(List<MediaMessage> sent, List<Received> received) {
        Predicate<Received> frame = r -> !r.isData() && !r.isVideoSequenceHeader() && !r.isAudioSequenceHeader();
        List<Received> got = received.stream().filter(frame).toList();
        List<String> all = sent.stream().map(Received::of).filter(frame).map(Received::content).toList();
        assertTrue(got.size() > 50, "received " + got.size() + " frames");
        int start = all.indexOf(got.get(0).content());
        assertTrue(start >= 0 && start + got.size() <= all.size(), "the first frame received was sent");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(all.get(start + i), got.get(i).content(), "frame " + i + " of " + got.size());
        }
    }
}
