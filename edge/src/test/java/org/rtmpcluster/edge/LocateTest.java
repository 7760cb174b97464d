package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nearest-edge routing against one origin and three edges in two zones, in this JVM (real Hazelcast, real
 * sockets): {@code /api/v1/locate} by zone, affinity and load, and the RTMP redirect of an edge at capacity.
 */
@Timeout(120)
class LocateTest {
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    /** eu, capacity 1 player, redirects when full. */
    private static Node small;
    /** eu, capacity 100 players. */
    private static Node large;
    /** us. */
    private static Node us;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 0, 3, "--zone-order", "us,eu");
        origin = cluster.origins.get(0);
        small = cluster.addEdge("--node-zone", "eu", "--edge-capacity-players", "1", "--edge-redirect", "on",
                "--edge-rebalance", "on");
        large = cluster.addEdge("--node-zone", "eu", "--edge-capacity-players", "100");
        // Its clients reach it at an address of their own (a host port, a public address): locate hands that out.
        us = cluster.addEdge("--node-zone", "us", "--zone-cidrs", "us=127.0.0.0/8", "--client-address",
                "us-edge.example.net:31935");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void anEdgeBeyondItsCapacityAsksAPlayerThatCanReconnectToMove() {
        awaitNoPlayers(small);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("shed");
             // Both connect before either plays, so neither is redirected: the edge ends up beyond its capacity.
             TestPlayer one = TestPlayer.connect(clients, TestCluster.port(small), "live");
             TestPlayer two = TestPlayer.connect(clients, TestCluster.port(small), "live")) {
            publisher.send(new SyntheticMedia(54).stream(0, 1, 25));
            one.play("shed");
            two.play("shed");
            Await.until("a reconnect request to one player", () -> one.reconnectRequests().size()
                    + two.reconnectRequests().size() == 1);
            var to = (one.reconnectRequests().isEmpty() ? two : one).reconnectRequests().get(0);
            assertEquals(TestCluster.port(large), to.port(), "to the least loaded other edge of the zone");
            assertEquals("live", to.app());
        }
    }

    /**
     * The player's audio and video frames equal the tail of what was sent: nothing lost, added or reordered. Data
     * messages are left out: a joiner gets the GOP's frames, not its cue points (they are not cached).
     */
    private static void assertIsTail(List<MediaMessage> sent, List<org.rtmpcluster.testing.Received> received) {
        Predicate<org.rtmpcluster.testing.Received> frame = r -> !r.isData() && !r.isVideoSequenceHeader()
                && !r.isAudioSequenceHeader();
        List<org.rtmpcluster.testing.Received> got = received.stream().filter(frame).toList();
        List<org.rtmpcluster.testing.Received> all = sent.stream().map(org.rtmpcluster.testing.Received::of)
                .filter(frame).toList();
        assertTrue(got.size() > 10, "received " + got.size() + " messages");
        List<org.rtmpcluster.testing.Received> tail = all.subList(all.size() - got.size(), all.size());
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).content().equals(tail.get(i).content())) {
                throw new AssertionError("message " + i + " of " + got.size() + " differs: got " + got.get(i)
                        + ", sent " + tail.get(i) + "; got around it " + got.subList(Math.max(0, i - 3),
                        Math.min(got.size(), i + 3)) + ", sent " + tail.subList(Math.max(0, i - 3),
                        Math.min(tail.size(), i + 3)));
            }
        }
    }

    /** Players of earlier tests are gone from the edge (their close reached it). */
    private static void awaitNoPlayers(Node node) {
        Await.until("no players left at " + node.options().rtmpAddress(), () -> node.stats().players() == 0);
    }

    private static String urlOf(Node node, String stream) {
        return "rtmp://" + node.options().clientAddress() + "/" + stream;
    }

    /** Waits until every node's registry record shows a load that {@code test} accepts (records refresh every 2 s). */
    private static void awaitLoad(Node node, Predicate<NodeRecord> test) {
        Await.until(() -> "the registry to show the load of " + node.options().rtmpAddress(), () -> TestNode.await(
                origin.cluster().nodes().nodes()).stream().anyMatch(n -> n.nodeId().equals(node.id()) && test.test(n)));
    }

    @Test
    void locateAnswersByZoneThenAffinityThenLoad() {
        List<MediaMessage> media = new SyntheticMedia(51).stream(0, 2, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("near")) {
            publisher.send(media);
            // Asked of the origin: any node answers. No edge carries the stream yet: the least loaded of the zone.
            Api.Answer eu = Api.get(origin, "/api/v1/locate?stream=live/near&zone=eu");
            assertEquals(200, eu.status(), eu.body());
            assertEquals("eu", eu.json().getString("zone"));
            assertEquals("least-loaded", eu.json().getString("reason"));
            assertEquals("rtmp://us-edge.example.net:31935/live/near", Api.get(origin,
                    "/api/v1/locate?stream=live/near&zone=us").json().getString("url"), "the address its clients dial");
            assertEquals("us", Api.get(origin, "/api/v1/locate?stream=live/near", "X-Client-Zone", "us").json()
                    .getString("zone"), "the balancer's header names the zone");
            Api.Answer byAddress = Api.get(us, "/api/v1/locate?stream=live/near");
            assertEquals("us", byAddress.json().getString("clientZone"), "127.0.0.1 is in ZONE_CIDRS' us range");
            Api.Answer byDefault = Api.get(origin, "/api/v1/locate?stream=live/near");
            assertEquals("default", byDefault.json().getString("clientZone"), "else the zone of the node asked");
            assertEquals("us", byDefault.json().getString("zone"), "'default' has no edge: ZONE_ORDER says us first");
        }
    }

    @Test
    void anEdgeThatCarriesTheStreamIsPreferredAndAFullOneIsNot() {
        List<MediaMessage> media = new SyntheticMedia(52).stream(0, 2, 25);
        awaitNoPlayers(small);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("aff");
             TestPlayer atLarge = TestPlayer.connect(clients, TestCluster.port(large), "live").play("aff")) {
            publisher.send(media);
            Api.Answer carried = Api.get(origin, "/api/v1/locate?stream=live/aff&zone=eu");
            assertEquals(large.id(), carried.json().getString("nodeId"), carried.body());
            assertEquals("carries-stream", carried.json().getString("reason"));

            try (TestPlayer fills = TestPlayer.connect(clients, TestCluster.port(small), "live").play("aff")) {
                awaitLoad(small, n -> n.load().overCapacity());
                // The small edge now carries the stream too, but it is full: the large one still takes players.
                Api.Answer answer = Api.get(origin, "/api/v1/locate?stream=live/aff&zone=eu&format=url");
                assertEquals(200, answer.status());
                assertEquals(urlOf(large, "live/aff") + "\n", answer.body(), "format=url answers the bare URL");
            }
        }
    }

    @Test
    void aCrowdLocatingOneStreamAsksTheEdgesAFewTimesASecondNotOncePerPlayer() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> counter = ctx -> {
            if (ctx.message().address().endsWith(".figures")) {
                asked.incrementAndGet();
            }
            ctx.next();
        };
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("crowd")) {
            publisher.send(new SyntheticMedia(53).stream(0, 1, 25));
            Api.get(origin, "/api/v1/locate?stream=live/crowd&zone=eu"); // the registry snapshot, warm
            origin.vertx().eventBus().addOutboundInterceptor(counter);
            long start = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                assertEquals(200, Api.get(origin, "/api/v1/locate?stream=live/crowd&zone=eu").status());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            int edgesOfTheZone = 2;
            assertTrue(asked.get() <= edgesOfTheZone * (1 + elapsedMillis / 500 + 1),
                    "40 locates in " + elapsedMillis + " ms asked the edges " + asked.get() + " times");
        } finally {
            origin.vertx().eventBus().removeOutboundInterceptor(counter);
        }
    }

    @Test
    void anUnknownStreamIs404UnlessTheCallerWaitsForIt() {
        Api.Answer unknown = Api.get(origin, "/api/v1/locate?stream=live/nobody");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals(400, Api.get(origin, "/api/v1/locate?stream=nonsense").status());
        assertEquals(400, Api.get(origin, "/api/v1/locate?stream=live/x&wait=forever").status());
        var later = clients.executeBlocking(() -> Api.get(origin, "/api/v1/locate?stream=live/later&zone=us&wait=10000"));
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")) {
            assertTrue(!later.isComplete(), "the locate waits for the stream");
            publisher.publish("later");
            Api.Answer answer = TestNode.await(later);
            assertEquals(200, answer.status(), answer.body());
            assertEquals(us.id(), answer.json().getString("nodeId"));
        }
    }

    @Test
    void anEdgeAtCapacityRedirectsOurClientToAnotherEdgeThatPlaysTheStreamByteExact() {
        SyntheticMedia media = new SyntheticMedia(53);
        awaitNoPlayers(small);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("full");
             TestPlayer first = TestPlayer.connect(clients, TestCluster.port(small), "live").play("full")) {
            List<MediaMessage> sent = new java.util.ArrayList<>(media.stream(0, 1, 25));
            publisher.send(sent);
            Await.until("the first player at the small edge", () -> small.stats().players() == 1);
            try (TestPlayer second = TestPlayer.connect(clients, TestCluster.port(small), "live")) {
                assertNotEquals(TestCluster.port(small), second.client().url().port(), "redirected");
                assertEquals(TestCluster.port(large), second.client().url().port(),
                        "to the least loaded other edge of the zone");
                second.play("full");
                List<MediaMessage> more = media.stream(1000, 2, 25).subList(3, 60); // no new headers
                publisher.send(more);
                sent.addAll(more);
                String last = org.rtmpcluster.testing.Received.of(more.get(more.size() - 1)).content();
                Await.until("the last message at the redirected player", () -> !second.received().isEmpty()
                        && second.received().get(second.received().size() - 1).content().equals(last));
                // From the GOP it joined at to the end: nothing lost or reordered.
                assertIsTail(sent, second.received());
            }
        }
    }
}
