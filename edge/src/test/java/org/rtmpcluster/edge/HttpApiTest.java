package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.http.LocalFigures;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API of every node, against one origin and two edges in this JVM (real Hazelcast, real sockets): any
 * node answers for the whole cluster, with figures asked of the nodes themselves.
 */
@Timeout(120)
class HttpApiTest {
    /** What an answer may take beyond the figure timeout on a busy two-core machine. */
    private static final long SLACK_MILLIS = 1500;
    private static final long FIGURE_TIMEOUT_MILLIS = 500;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge1;
    private static Node edge2;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 2, 1);
        origin = cluster.origins.get(0);
        edge1 = cluster.edges.get(0);
        edge2 = cluster.edges.get(1);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    record Answer(int status, JsonObject body) {
    }

    static Answer get(Node node, String path) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + TestCluster.httpPort(node) + path)).timeout(Duration.ofSeconds(10))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), new JsonObject(response.body()));
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: GET " + path);
        }
    }

    /** The {@code carriedBy} entry of {@code node}, or null when the node does not carry the stream. */
    static JsonObject carrier(JsonObject stream, Node node) {
        JsonArray carriedBy = stream.getJsonArray("carriedBy");
        for (int i = 0; i < carriedBy.size(); i++) {
            if (carriedBy.getJsonObject(i).getString("nodeId").equals(node.id())) {
                return carriedBy.getJsonObject(i);
            }
        }
        return null;
    }

    private static JsonObject nodeItem(JsonObject nodes, Node node) {
        JsonArray items = nodes.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getString("id").equals(node.id())) {
                return items.getJsonObject(i);
            }
        }
        return null;
    }

    @Test
    void streamNamesItsOriginCodecsAndThePlayersOfEachNodeCarryingIt() {
        List<MediaMessage> media = new SyntheticMedia(21).stream(0, 2, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("api");
             TestPlayer atOrigin = TestPlayer.connect(clients, TestCluster.port(origin), "live").play("api");
             TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("api");
             TestPlayer second = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("api")) {
            publisher.send(media);
            // Asked of edge 2, which carries nothing: every node answers for the cluster.
            Answer[] last = new Answer[1];
            Await.until(() -> "origin with 2 players (one the edge's pull), edge 1 with 2: " + last[0], () -> {
                last[0] = get(edge2, "/api/v1/streams/live/api");
                JsonObject s = last[0].body();
                JsonObject o = last[0].status() == 200 ? carrier(s, origin) : null;
                JsonObject e = o == null ? null : carrier(s, edge1);
                return e != null && o.getInteger("players") == 2 && e.getInteger("players") == 2
                        && s.getJsonObject("codecs").getString("video") != null;
            });
            JsonObject stream = last[0].body();
            StreamRecord record = TestNode.await(origin.cluster().streams().lookup(new StreamKey("live", "api")));
            assertEquals("live/api", stream.getString("key"));
            assertEquals(origin.id(), stream.getJsonObject("origin").getString("nodeId"));
            assertEquals(origin.options().rtmpAddress(), stream.getJsonObject("origin").getString("rtmpAddress"));
            assertEquals(record.epoch(), stream.getLong("epoch"));
            assertEquals(new JsonObject().put("video", "H264").put("audio", "AAC"), stream.getJsonObject("codecs"));
            assertTrue(stream.getLong("bytesIn") > 0, "bytes in counted: " + stream);
            assertEquals(null, carrier(stream, edge2), "edge 2 does not carry it: " + stream);
            assertEquals("origin", carrier(stream, origin).getString("role"));
            assertEquals("edge", carrier(stream, edge1).getString("role"));
            assertEquals(new JsonArray(), stream.getJsonArray("unknownNodes"));

            JsonObject list = get(origin, "/api/v1/streams").body();
            assertTrue(list.getJsonArray("items").stream().anyMatch(s -> ((JsonObject) s).getString("key")
                    .equals("live/api")), "the list has it: " + list);

            JsonObject nodes = get(edge1, "/api/v1/nodes").body();
            assertEquals(cluster.origins.size() + cluster.edges.size(), nodes.getLong("itemCount"), "every node: " + nodes);
            JsonObject o = nodeItem(nodes, origin);
            JsonObject e1 = nodeItem(nodes, edge1);
            assertEquals("origin", o.getString("role"));
            assertEquals("ready", o.getString("state"));
            assertEquals("known", o.getString("figures"));
            assertEquals(origin.options().httpAddress(), o.getString("httpAddress"));
            assertEquals(1, o.getInteger("publishers"));
            assertEquals(2, o.getInteger("players"), "the direct player and edge 1's pull: " + o);
            assertTrue(o.getLong("bytesIn") > 0 && o.getLong("bytesOut") > 0, "origin bytes: " + o);
            assertEquals(2, e1.getInteger("players"));
            assertEquals(1, e1.getInteger("upstreamPulls"));
            assertTrue(e1.getLong("bytesIn") > 0 && e1.getLong("bytesOut") > 0, "edge bytes: " + e1);
        }
    }

    @Test
    void aStreamWhoseAppHasSeveralSegmentsIsAddressedByItsWholePath() {
        StreamRecord claim = TestNode.await(origin.cluster().streams().claim(new StreamKey("live/sub", "cam"),
                origin.id(), origin.options().rtmpAddress(), origin.cluster().members()));
        try {
            Answer found = get(edge1, "/api/v1/streams/live/sub/cam");
            assertEquals(200, found.status(), "answer: " + found.body());
            assertEquals("live/sub/cam", found.body().getString("key"));
            assertEquals(404, get(edge1, "/api/v1/streams/live/sub").status(), "live + sub is another stream");
            assertEquals(400, get(edge1, "/api/v1/streams/live/../cam").status());
        } finally {
            TestNode.await(origin.cluster().streams().release(claim));
        }
    }

    @Test
    void aStreamThatIsNotLiveIs404AndABadPageIs400() {
        Answer missing = get(edge1, "/api/v1/streams/live/nobody");
        assertEquals(404, missing.status());
        assertEquals("stream live/nobody is not live", missing.body().getString("error"));
        Answer badPage = get(origin, "/api/v1/streams?itemsPerPage=5000");
        assertEquals(400, badPage.status());
        assertEquals("itemsPerPage '5000' is not a whole number in 1..1000", badPage.body().getString("error"));
    }

    @Test
    void pagesOf100Over250StreamsListEachStreamOnce() {
        List<StreamRecord> claims = new ArrayList<>();
        Set<String> members = origin.cluster().members();
        for (int i = 0; i < 250; i++) {
            claims.add(TestNode.await(origin.cluster().streams().claim(new StreamKey("paged", String.format("s%03d", i)),
                    origin.id(), origin.options().rtmpAddress(), members)));
        }
        try {
            JsonObject first = get(edge1, "/api/v1/streams?itemsPerPage=100").body();
            long itemCount = first.getLong("itemCount");
            assertTrue(itemCount >= 250, "all claims counted: " + itemCount);
            assertEquals((itemCount + 99) / 100, first.getLong("pageCount"));
            List<String> seen = new ArrayList<>();
            for (int page = 0; page < first.getLong("pageCount"); page++) {
                JsonArray items = get(edge1, "/api/v1/streams?itemsPerPage=100&page=" + page).body()
                        .getJsonArray("items");
                assertEquals(Math.min(100, itemCount - page * 100L), items.size(), "page " + page);
                items.forEach(s -> seen.add(((JsonObject) s).getString("key")));
            }
            assertEquals(itemCount, seen.size());
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no key twice: " + seen);
            assertEquals(seen.stream().sorted().toList(), seen, "pages in key order");
            for (StreamRecord claim : claims) {
                assertTrue(seen.contains(claim.key()), claim.key() + " listed");
            }
            assertEquals(0, get(edge1, "/api/v1/streams?itemsPerPage=100&page=" + first.getLong("pageCount"))
                    .body().getJsonArray("items").size(), "past the last page: empty");
        } finally {
            claims.forEach(c -> TestNode.await(origin.cluster().streams().release(c)));
        }
    }

    @Test
    void aNodeThatDoesNotAnswerIsListedAsUnknownWithinTheTimeout() {
        // Edge 2 stops answering, and something at its address takes requests and never replies: a stuck node.
        TestNode.await(edge2.figures().unregister());
        MessageConsumer<JsonObject> silent = edge2.vertx().eventBus().consumer(LocalFigures.address(edge2.id()),
                request -> { });
        TestNode.await(silent.completion());
        try {
            long start = System.nanoTime();
            JsonObject nodes = get(origin, "/api/v1/nodes").body();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < FIGURE_TIMEOUT_MILLIS + SLACK_MILLIS, "answered in " + tookMillis + " ms");
            JsonObject stuck = nodeItem(nodes, edge2);
            assertEquals("unknown", stuck.getString("figures"), "stuck edge: " + stuck);
            assertEquals(null, stuck.getValue("players"));
            assertEquals("ready", stuck.getString("state"), "the registry still says what it knows");
            assertEquals("known", nodeItem(nodes, edge1).getString("figures"));

            List<MediaMessage> media = new SyntheticMedia(22).stream(0, 1, 25);
            try (TestPublisher p = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("stuck")) {
                p.send(media);
                start = System.nanoTime();
                JsonObject stream = Await.value("live/stuck listed", () -> {
                    Answer a = get(edge1, "/api/v1/streams/live/stuck");
                    return a.status() == 200 ? a.body() : null;
                });
                tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(new JsonArray().add(edge2.id()), stream.getJsonArray("unknownNodes"));
                assertTrue(tookMillis < FIGURE_TIMEOUT_MILLIS + SLACK_MILLIS, "answered in " + tookMillis + " ms");
            }
        } finally {
            TestNode.await(silent.unregister());
            TestNode.await(edge2.figures().register(edge2.vertx().eventBus(), edge2.id()));
        }
    }

    @Test
    void withoutAnApiTokenTheDrainOverHttpIsRefusedFromLoopbackTooAndTheListsAreOpen() {
        Api.Answer refused = Api.post(edge1, "/api/v1/drain");
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.json().getString("error").contains("set API_TOKEN"), refused.body());
        assertEquals(403, Api.post(edge1, "/api/v1/drain", Api.bearer("any-0123456789abcdef")).status(),
                "no token can match while none is set");
        assertEquals(200, get(edge1, "/ready").status(), "the edge did not start draining");
        assertEquals(200, get(edge1, "/api/v1/streams").status(), "lists are open without API_TOKEN (local use)");
    }

    @Test
    void healthIsAlwaysUpAndReadyTurns503WhenTheNodeIsMarkedDraining() {
        Node drained = cluster.addEdge();
        assertEquals(new Answer(200, new JsonObject().put("alive", true)), get(drained, "/health"));
        assertEquals(new Answer(200, new JsonObject().put("ready", true)), get(drained, "/ready"));

        TestNode.await(drained.markDraining());
        assertEquals(new Answer(503, new JsonObject().put("ready", false).put("reason", "draining")),
                get(drained, "/ready"));
        assertEquals(200, get(drained, "/health").status());
        Await.until("the registry to say draining", () -> "draining".equals(
                nodeItem(get(origin, "/api/v1/nodes").body(), drained).getString("state")));
    }
}
