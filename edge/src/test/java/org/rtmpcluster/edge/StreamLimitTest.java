package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAX_STREAMS: with publishing open to anyone, the streams a node holds are bounded, and so is its share of the
 * cluster registry. A publish or an edge pull over the bound fails with a status that names it.
 */
@Timeout(120)
class StreamLimitTest {
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 0, 1, "--max-streams", "2", "--unpublish-grace-ms", "0");
        origin = cluster.origins.get(0);
        edge = cluster.addEdge("--max-streams", "1", "--edge-upstream-idle-ms", "200");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void publishesAndPullsOverTheBoundFailAndTheRegistryHoldsOnlyTheBound() {
        int port = TestCluster.port(origin);
        try (TestPublisher a = TestPublisher.connect(clients, port, "live").publish("a");
             TestPublisher b = TestPublisher.connect(clients, port, "live").publish("b")) {
            SyntheticMedia media = new SyntheticMedia(1);
            a.send(media.stream(0, 1, 25));
            b.send(media.stream(0, 1, 25));
            try (TestPublisher c = TestPublisher.connect(clients, port, "live")) {
                assertEquals("NetStream.Failed", c.tryPublish("c"));
            }
            assertEquals(2, TestNode.await(origin.cluster().streams().size()), "registry records");

            try (TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("a");
                 TestPlayer second = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
                AssertionError refused = assertThrows(AssertionError.class, () -> second.play("b"));
                assertTrue(refused.getMessage().contains("NetStream.Play.Failed"), refused.getMessage());
                first.awaitMessages(1); // the pull within the bound is untouched
            }
        }
        // Both publishers left: their streams end, and the bound has room again.
        Await.until("the origin's streams to end", () -> origin.streams().streams().isEmpty());
        try (TestPublisher c = TestPublisher.connect(clients, port, "live").publish("c")) {
            Await.until("c in the registry",
                    () -> TestNode.await(origin.cluster().streams().lookup(new StreamKey("live", "c"))) != null);
        }
    }
}
