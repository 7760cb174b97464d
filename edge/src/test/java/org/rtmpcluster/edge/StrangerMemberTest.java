package org.rtmpcluster.edge;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.ClusterOptions;
import org.rtmpcluster.cluster.HazelcastSetup;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.cluster.StreamRegistry;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster with {@code CLUSTER_SECRET} (an origin, an edge) and a stranger: a Hazelcast member that joins with the
 * cluster name alone, without a proof of the secret, and writes forged stream records pointing at an RTMP address
 * of its own where nobody listens. The edge keeps pulling from the real origin, serves new plays from it, lists the
 * stranger untrusted and counts the forgeries; an edge with another secret believes no record and serves nothing.
 */
@Timeout(120)
class StrangerMemberTest {
    private static final String SECRET = "the cluster's secret, 16+ bytes";
    private static final String OTHER_SECRET = "not the cluster's secret at all";
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;
    private static HazelcastInstance stranger;
    /** Where the stranger claims its streams are: a port nobody listens on. */
    private static String strangerAddress;

    @BeforeAll
    static void start() {
        // The edge waits long enough for a play that the origin's next refresh (every 10 s) restores its record.
        cluster = TestCluster.start(1, 1, 2, "--cluster-secret", SECRET,
                "--edge-play-wait-ms", String.valueOf(StreamRegistry.REFRESH_MILLIS + 8000));
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
        strangerAddress = "127.0.0.1:" + TestNode.freePort();
        // No secret: no proof attribute, and records it writes are unsigned. A lite member, as an edge is.
        stranger = Hazelcast.newHazelcastInstance(HazelcastSetup.config(new ClusterOptions(cluster.name(), "127.0.0.1",
                TestNode.freePort(), cluster.memberAddresses(), "", true, 30_000), "stranger"));
        Await.until("the stranger in the cluster", () -> origin.cluster().members().contains("stranger"));
    }

    @AfterAll
    static void stop() {
        stranger.getLifecycleService().terminate();
        TestNode.await(clients.close());
        cluster.close();
    }

    /** The stranger overwrites {@code key}'s record with one naming itself, its address, and a higher epoch. */
    private static void forge(String key, StreamRecord real) {
        stranger.<String, StreamRecord>getMap(StreamRegistry.MAP_NAME).put(key, new StreamRecord(key, "stranger",
                strangerAddress, System.currentTimeMillis(), real.epoch() + 1_000, true));
    }

    private static StreamRecord originRecord(String name) {
        return Await.value("the origin's record of " + name, () -> {
            StreamRecord r = TestNode.await(origin.cluster().streams().lookup(new StreamKey("live", name)));
            return r != null && r.nodeId().equals(origin.id()) ? r : null;
        });
    }

    private static long keyframes(TestPlayer player) {
        return player.received().stream().filter(Received::isKeyframe).count();
    }

    @Test
    void aForgedRecordMovesNoPullAndTheOriginsRecordComesBack() {
        SyntheticMedia media = new SyntheticMedia(20);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("pulled")) {
            publisher.send(media.stream(0, 1, 25));
            StreamRecord real = originRecord("pulled");
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("pulled")) {
                publisher.send(media.stream(1000, 1, 25));
                Await.until("frames at the edge's player", () -> keyframes(player) > 0);

                forge("live/pulled", real);
                long before = keyframes(player);
                publisher.send(media.stream(2000, 2, 25));
                Await.until("frames after the forgery at the edge's player", () -> keyframes(player) > before);
                assertEquals(null, player.closeReason(), "the player is still playing");
                assertEquals(0, edge.stats().upstreamFailovers(), "the edge's pull did not move");

                // The origin's refresh finds the forgery and puts its own claim back: its publisher plays on.
                StreamRecord restored = originRecord("pulled");
                assertEquals(real, restored);
                assertFalse(publisher.isClosed(), "the origin kept its publisher");
            }
        }
    }

    @Test
    void aNewPlayAtTheEdgeIsServedFromTheRealOriginDespiteAForgedRecord() {
        SyntheticMedia media = new SyntheticMedia(21);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("fresh")) {
            publisher.send(media.stream(0, 1, 25));
            forge("live/fresh", originRecord("fresh"));
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
                var started = player.startPlay("fresh");
                // Sent until the edge plays: its pull starts once the origin's refresh restored the record.
                long ts = 1000;
                while (!started.isComplete()) {
                    publisher.send(media.stream(ts, 1, 25));
                    ts += 1000;
                    TestNode.await(io.vertx.core.Future.future(p -> clients.setTimer(500, id -> p.complete())));
                }
                TestNode.await(started);
                publisher.send(media.stream(ts, 1, 25));
                Await.until("frames at the edge's player", () -> keyframes(player) > 0);
            }
        }
    }

    @Test
    void theStrangerIsListedUntrustedAndItsForgeriesCounted() {
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("counted")) {
            publisher.send(new SyntheticMedia(22).stream(0, 1, 25));
            forge("live/counted", originRecord("counted"));
            // The edge meets the forgery in the registry's change event.
            Await.until("the forgery counted at the edge", () -> untrustedRecords(edge) >= 1);
        }
        JsonArray items = Api.get(edge, "/api/v1/nodes?per_page=100").json().getJsonArray("items");
        JsonObject strangerItem = find(items, "stranger");
        assertNotNull(strangerItem, items.encodePrettily());
        assertEquals(false, strangerItem.getBoolean("trusted"));
        assertEquals(true, find(items, origin.id()).getBoolean("trusted"));
        assertEquals(true, find(items, edge.id()).getBoolean("trusted"));
    }

    @Test
    void anEdgeWithAnotherSecretBelievesNoOriginAndServesNothing() {
        Node foreign = cluster.addEdge("--cluster-secret", OTHER_SECRET, "--edge-play-wait-ms", "1500");
        SyntheticMedia media = new SyntheticMedia(23);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("foreign")) {
            publisher.send(media.stream(0, 1, 25));
            originRecord("foreign");
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(foreign), "live")) {
                AssertionError e = assertThrows(AssertionError.class, () -> player.play("foreign"));
                assertTrue(e.getMessage().contains("NetStream.Play.StreamNotFound"), e.getMessage());
            }
            assertTrue(untrustedRecords(foreign) >= 1, "the origin's record is counted as untrusted there");
            JsonArray items = Api.get(foreign, "/api/v1/nodes?per_page=100").json().getJsonArray("items");
            assertEquals(false, find(items, origin.id()).getBoolean("trusted"), "the origin, by the other secret");
        }
    }

    private static JsonObject find(JsonArray items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.getJsonObject(i).getString("id"))) {
                return items.getJsonObject(i);
            }
        }
        return null;
    }

    private static long untrustedRecords(Node node) {
        String metrics = Api.get(node, "/metrics").body();
        Matcher m = Pattern.compile("(?m)^cluster_untrusted_records_total\\{[^}]*} ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
