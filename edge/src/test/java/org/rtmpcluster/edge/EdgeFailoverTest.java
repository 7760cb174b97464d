package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;
import org.rtmpcluster.testing.Timestamps;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An origin dies under a live stream; the publisher comes back on the other origin; edge players stay. */
@Timeout(120)
class EdgeFailoverTest {
    private static final System.Logger LOG = System.getLogger(EdgeFailoverTest.class.getName());
    private static final StreamKey KEY = new StreamKey("live", "failover");

    private TestCluster cluster;
    private Vertx clients;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(2, 1);
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void theRecordsOfAnOriginThatDiesAreEndedByTheOthers() {
        Node originA = cluster.origins.get(0);
        Node originB = cluster.origins.get(1);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live")
                .publish("failover")) {
            StreamRecord claim = TestNode.await(originB.cluster().streams().lookup(KEY));
            assertEquals(originA.id(), claim.nodeId());
            long killed = System.nanoTime();
            cluster.kill(originA);
            // No publisher comes back here: only the membership event (or the TTL) can end the record.
            Await.until("origin B to end A's record", () -> TestNode.await(originB.cluster().streams().lookup(KEY))
                    == null);
            LOG.log(System.Logger.Level.INFO, "record of a killed origin ended after {0} ms",
                    String.valueOf((System.nanoTime() - killed) / 1_000_000));
        }
    }

    @Test
    void edgePlayersKeepTheirConnectionWhenThePublisherMovesToAnotherOrigin() {
        Node originA = cluster.origins.get(0);
        Node originB = cluster.origins.get(1);
        Node edge = cluster.edges.get(0);
        SyntheticMedia media = new SyntheticMedia(20);
        List<MediaMessage> first = media.stream(0, 2, 25);
        List<MediaMessage> second = media.stream(0, 2, 25); // the encoder restarts its clock

        TestPublisher publisherA = TestPublisher.connect(clients, TestCluster.port(originA), "live").publish("failover");
        publisherA.send(first.subList(0, 5));
        Await.until("the stream at origin A", () -> originA.streams().find(KEY) != null
                && originA.streams().find(KEY).stats().videoMessages() >= 2);
        TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("failover");
        Await.until("the edge pulling", () -> originA.streams().find(KEY).stats().players() == 1);
        publisherA.send(first.subList(5, first.size()));
        String lastOfFirst = Received.of(first.get(first.size() - 1)).content();
        Await.until("the first session at the player", () -> player.received().stream()
                .anyMatch(r -> r.content().equals(lastOfFirst)));
        int before = player.received().size();

        cluster.kill(originA);
        long killed = System.nanoTime();
        // The encoder reconnects to the other origin, retrying until the registry lets it in.
        TestPublisher publisherB = Await.value("a publish accepted by origin B", () -> {
            TestPublisher p = TestPublisher.connect(clients, TestCluster.port(originB), "live");
            if (p.tryPublish("failover") == null) {
                return p;
            }
            p.close();
            return null;
        });
        long republished = System.nanoTime();
        StreamRecord claim = TestNode.await(originB.cluster().streams().lookup(KEY));
        assertEquals(originB.id(), claim.nodeId());
        publisherB.send(second);
        Await.until("a keyframe of the second session at the player", () -> player.received().size() > before
                && player.received().subList(before, player.received().size()).stream().anyMatch(Received::isKeyframe));
        long firstFrame = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "failover: origin killed -> republish accepted {0} ms, republish -> first "
                + "keyframe at the edge player {1} ms", (republished - killed) / 1_000_000,
                (firstFrame - republished) / 1_000_000);

        String lastOfSecond = Received.of(second.get(second.size() - 1)).content();
        Await.until("the second session at the player", () -> player.received().stream()
                .anyMatch(r -> r.content().equals(lastOfSecond)));
        assertNull(player.closeReason(), "the player stayed connected");
        List<Received> after = player.received().subList(before, player.received().size());
        assertTrue(after.stream().anyMatch(Received::isVideoSequenceHeader), "sequence headers again after failover");
        Timestamps.assertMediaNeverGoesBack(player.received());
        MediaStream atB = originB.streams().find(KEY);
        assertEquals(1, atB.stats().players(), "the edge pulls from origin B now");
        publisherB.close();
        player.close();
    }

    @Test
    void anEdgeFollowsAStreamWhoseAppHasASlashToAnotherOrigin() {
        Node originA = cluster.origins.get(0);
        Node originB = cluster.origins.get(1);
        Node edge = cluster.edges.get(0);
        StreamKey key = new StreamKey("live/sub", "x"); // the registry names it "live/sub/x"
        SyntheticMedia media = new SyntheticMedia(20);
        List<MediaMessage> first = media.stream(0, 2, 25);
        List<MediaMessage> second = media.stream(0, 2, 25);

        TestPublisher publisherA = TestPublisher.connect(clients, TestCluster.port(originA), "live/sub").publish("x");
        publisherA.send(first);
        Await.until("the stream at origin A", () -> originA.streams().find(key) != null
                && originA.streams().find(key).stats().videoMessages() >= 2);
        TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live/sub").play("x");
        Await.until("the edge pulling from origin A", () -> originA.streams().find(key).stats().players() == 1);
        int before = player.received().size();

        // Origin A stays up and keeps the edge's upstream connection open: only the registry's event for
        // "live/sub/x" can tell the edge that the stream now lives on origin B.
        publisherA.close();
        TestPublisher publisherB = Await.value("a publish accepted by origin B", () -> {
            TestPublisher p = TestPublisher.connect(clients, TestCluster.port(originB), "live/sub");
            if (p.tryPublish("x") == null) {
                return p;
            }
            p.close();
            return null;
        });
        Await.until("the edge pulling from origin B", () -> originB.streams().find(key) != null
                && originB.streams().find(key).stats().players() == 1);
        publisherB.send(second);
        String lastOfSecond = Received.of(second.get(second.size() - 1)).content();
        Await.until("the second session at the edge player", () -> player.received().size() > before
                && player.received().stream().anyMatch(r -> r.content().equals(lastOfSecond)));
        assertNull(player.closeReason(), "the player stayed connected");
        publisherB.close();
        player.close();
    }
}
