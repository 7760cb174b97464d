package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.client.RtmpUrl;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.CloseReason;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.PacedPublisher;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.Timestamps;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful drain in this JVM (real Hazelcast, real sockets): a draining node stops listening, asks the clients that
 * can reconnect (Enhanced RTMP) to move to another ready node of its role, and closes the others at its timeout.
 */
@Timeout(120)
class DrainTest {
    private static final System.Logger LOG = System.getLogger(DrainTest.class.getName());
    /** The drain over HTTP needs the API token, from loopback too. */
    private static final String API_TOKEN = "drain-test-0123456789abcdef";

    private TestCluster cluster;
    private Vertx clients = Vertx.vertx();

    @AfterEach
    void stop() {
        TestNode.await(clients.close());
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPublisherThatMovesOffADrainingOriginTakesTheEdgePlayersAlong() {
        cluster = TestCluster.start(2, 1, "--drain-timeout-ms", "20000");
        Node originA = cluster.origins.get(0);
        Node originB = cluster.origins.get(1);
        Node edge = cluster.edges.get(0);
        StreamKey key = new StreamKey("live", "moving");
        try (PacedPublisher publisher = PacedPublisher.start(clients, TestCluster.port(originA), "live", "moving", 41);
             TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("moving");
             TestPlayer second = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("moving")) {
            for (TestPlayer p : List.of(first, second)) {
                Await.until("a keyframe at each edge player", () -> p.received().stream().anyMatch(Received::isKeyframe));
            }
            long epochBefore = TestNode.await(originB.cluster().streams().lookup(key)).epoch();

            // The drain alone, without the stop that ends it in production, so the node can be asked afterwards.
            var drained = originA.drain();
            assertEquals(503, Api.get(originA, "/ready").status(), "a draining node is not ready");
            assertEquals("draining", Api.get(originA, "/ready").json().getString("reason"));
            Await.until("the node list to show origin A draining", () -> "draining".equals(
                    nodeState(Api.get(originB, "/api/v1/nodes").json(), originA)));

            Await.until("the publisher to move", () -> !publisher.moves().isEmpty());
            PacedPublisher.Move move = publisher.moves().get(0);
            assertEquals(new RtmpUrl("127.0.0.1", TestCluster.port(originB), "live", "").tcUrl(), move.to(),
                    "the other ready origin");
            StreamRecord now = TestNode.await(originB.cluster().streams().lookup(key));
            assertEquals(originB.id(), now.nodeId(), "the stream is registered at origin B");
            assertTrue(now.epoch() > epochBefore, "the epoch moved: " + epochBefore + " -> " + now.epoch());

            // The drain ends once nobody is left: the publisher closed its old connection, the edge followed.
            Await.until(() -> "origin A to drain", () -> drained.isComplete(), 20_000);
            assertEquals(0, originA.stats().closes(CloseReason.DRAINED), "nobody had to be closed at the timeout");

            long movedAt = move.firstTimestamp();
            for (TestPlayer p : List.of(first, second)) {
                Await.until("two seconds of video from origin B at each player", () -> p.received().stream()
                        .filter(Received::isVideo).count() > 0 && videoAfter(p, movedAt) >= 50);
            }
            // The publisher sends on meanwhile: take what the players got first, then what was sent. A frame is
            // recorded as sent before it goes out, so the later list holds every frame of the earlier ones; the
            // other order failed whenever a frame arrived between the two (the player's last frame "not published").
            List<List<Received>> got = List.of(first.received(), second.received());
            List<String> sentVideo = publisher.sent().stream().filter(m -> m.typeId() == 9)
                    .map(DrainTest::content).toList();
            for (int i = 0; i < got.size(); i++) {
                assertNull(List.of(first, second).get(i).closeReason(), "the edge player stayed connected");
                Timestamps.assertMediaNeverGoesBack(got.get(i));
                assertContiguous(sentVideo, got.get(i));
            }
            for (TestPlayer p : List.of(first, second)) {
                long gap = moveGapMillis(p, sentVideo, publisher.sent().stream().filter(m -> m.typeId() == 9
                        && m.timestamp() == movedAt).map(DrainTest::content).findFirst().orElseThrow());
                LOG.log(System.Logger.Level.INFO, "publisher moved origins: an edge player got the first frame"
                        + " through origin B {0} ms after the last through A (frames every 40 ms); the publisher"
                        + " was asked {1} ms before it published at B", String.valueOf(gap),
                        String.valueOf((move.movedNanos() - move.requestedNanos()) / 1_000_000));
                assertTrue(gap < 2000, "gap at the move: " + gap + " ms");
            }
        }
    }

    @Test
    void aDrainingEdgeSendsPlayersThatCanReconnectToAnotherEdgeAndClosesTheRestAtTheTimeout() {
        cluster = TestCluster.start(1, 2, "--drain-timeout-ms", "3000", "--api-token", API_TOKEN);
        Node origin = cluster.origins.get(0);
        Node edge1 = cluster.edges.get(0);
        Node edge2 = cluster.edges.get(1);
        try (PacedPublisher publisher = PacedPublisher.start(clients, TestCluster.port(origin), "live", "stay", 42);
             TestPlayer staying = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("stay")) {
            Await.until("a keyframe at the player", () -> staying.received().stream().anyMatch(Received::isKeyframe));

            Api.Answer drain = Api.post(edge1, "/api/v1/drain", Api.bearer(API_TOKEN));
            assertEquals(202, drain.status(), drain.body());
            assertEquals(3000, drain.json().getLong("drainTimeoutMs"));
            Await.until("the reconnect request", () -> !staying.reconnectRequests().isEmpty());
            RtmpUrl to = staying.reconnectRequests().get(0);
            assertEquals(new RtmpUrl("127.0.0.1", TestCluster.port(edge2), "live", ""), to, "the other ready edge");
            assertEquals(503, Api.get(edge1, "/ready").status());
            Await.until("the node list to show edge 1 draining", () -> "draining".equals(
                    nodeState(Api.get(origin, "/api/v1/nodes", Api.bearer(API_TOKEN)).json(), edge1)));
            JsonObject located = Api.get(origin, "/api/v1/locate?stream=live/stay").json();
            assertEquals(edge2.id(), located.getString("nodeId"),
                    "routing never chooses a draining edge, even the one that carries the stream: " + located);
            String refused = TestNode.await(RtmpClient.connect(clients, "127.0.0.1", TestCluster.port(edge1), "live",
                    ConnectionOptions.DEFAULT).transform(ar -> io.vertx.core.Future.succeededFuture(
                    ar.succeeded() ? null : ar.cause().getMessage())));
            assertNotNull(refused, "a draining edge takes no new connection");

            // The player asked to move does so; this one stays, and keeps receiving until the timeout.
            try (TestPlayer moved = TestPlayer.connect(clients, to.port(), to.app()).play("stay")) {
                Await.until("a keyframe at the moved player", () -> moved.received().stream().anyMatch(Received::isKeyframe));
                int before = staying.received().size();
                Await.until("media on the draining edge meanwhile", () -> staying.received().size() > before + 25);
                Await.until("the staying player closed", () -> staying.closeReason() != null);
                // POST /api/v1/drain ends, as SIGTERM does, with the node stopped (NodeMain then exits 0).
                TestNode.await(edge1.stopped());
                assertEquals(1, edge1.stats().closes(CloseReason.DRAINED), "closed at the drain timeout");
                assertNull(moved.closeReason(), "the moved player plays on at edge 2");
            }
        }
    }

    @Test
    void anIngestForwardMovesOffADrainingOriginAndPlayersOnOtherEdgesStay() {
        cluster = TestCluster.start(2, 2, "--drain-timeout-ms", "20000");
        Node ingestEdge = cluster.edges.get(0);
        Node playerEdge = cluster.edges.get(1);
        StreamKey key = new StreamKey("live", "ingested");
        try (PacedPublisher publisher = PacedPublisher.start(clients, TestCluster.port(ingestEdge), "live", "ingested", 43)) {
            Await.until("the forward registered at an origin", () -> TestNode.await(
                    playerEdge.cluster().streams().lookup(key)) != null);
            StreamRecord before = TestNode.await(playerEdge.cluster().streams().lookup(key));
            Node holder = cluster.origins.stream().filter(o -> o.id().equals(before.nodeId())).findFirst().orElseThrow();
            Node other = cluster.origins.stream().filter(o -> o != holder).findFirst().orElseThrow();
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(playerEdge), "live").play("ingested")) {
                Await.until("a keyframe at the player", () -> player.received().stream().anyMatch(Received::isKeyframe));

                var drained = holder.drain();
                Await.until("the stream registered at the other origin", () -> other.id().equals(
                        TestNode.await(playerEdge.cluster().streams().lookup(key)).nodeId()));
                Await.until(() -> "the old origin to drain", () -> drained.isComplete(), 20_000);
                assertEquals(0, holder.stats().closes(CloseReason.DRAINED), "nobody had to be closed at the timeout");
                assertTrue(publisher.moves().isEmpty(), "the encoder's own connection (to the edge) stayed");

                int received = player.received().size();
                Await.until("media through the other origin", () -> player.received().size() > received + 50);
                assertNull(player.closeReason(), "the player stayed connected");
                Timestamps.assertMediaNeverGoesBack(player.received());
            }
        }
    }

    /** Every video frame from the player's first on is the publisher's next one: none lost, none twice. */
    private static void assertContiguous(List<String> sentVideo, List<Received> received) {
        List<String> got = new ArrayList<>();
        received.stream().filter(r -> r.isVideo() && !r.isVideoSequenceHeader())
                .forEach(r -> got.add(r.typeId() + ":" + HexFormat.of().formatHex(r.payload())));
        int start = sentVideo.indexOf(got.get(0));
        assertTrue(start >= 0, "the player's first frame was published");
        for (int i = 0; i < got.size(); i++) {
            int expected = start + i;
            if (expected >= sentVideo.size() || !sentVideo.get(expected).equals(got.get(i))) {
                throw new AssertionError("video frame " + i + " of the player is the publisher's frame "
                        + sentVideo.indexOf(got.get(i)) + ", not " + expected + " (" + (sentVideo.indexOf(got.get(i))
                        < expected ? "repeated" : "lost") + " around the move)");
            }
        }
    }

    private static long videoAfter(TestPlayer p, long ts) {
        return p.received().stream().filter(r -> r.isVideo() && r.timestamp() > ts).count();
    }

    /** Between the arrival of the last video frame through the old origin and the first ({@code first}) through the new. */
    private static long moveGapMillis(TestPlayer p, List<String> sentVideo, String first) {
        List<Received> received = p.received();
        List<Long> arrivals = p.arrivals();
        long previous = -1;
        for (int i = 0; i < received.size(); i++) {
            Received r = received.get(i);
            if (r.isVideo() && !r.isVideoSequenceHeader()) {
                if (r.content().equals(first)) {
                    return (arrivals.get(i) - previous) / 1_000_000;
                }
                previous = arrivals.get(i);
            }
        }
        throw new AssertionError("the first frame published at origin B did not reach the player");
    }

    private static String content(MediaMessage m) {
        byte[] bytes = new byte[m.payload().readableBytes()];
        m.payload().getBytes(m.payload().readerIndex(), bytes);
        return m.typeId() + ":" + HexFormat.of().formatHex(bytes);
    }

    private static String nodeState(JsonObject nodes, Node node) {
        JsonArray items = nodes.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getString("id").equals(node.id())) {
                return items.getJsonObject(i).getString("state");
            }
        }
        return null;
    }
}
