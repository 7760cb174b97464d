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

/**
 * The delays an operator may set to 0 mean "at once" (Vert.x refuses a timer under 1 ms): the unpublish grace, the
 * edge's upstream idle time and the drain timeout.
 */
@Timeout(120)
class ZeroDelaysTest {
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, "--unpublish-grace-ms", "0", "--edge-upstream-idle-ms", "0",
                "--drain-timeout-ms", "0");
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void streamsEndPullsCloseAndADrainClosesItsConnectionsAtOnce() {
        StreamKey key = new StreamKey("live", "zero");
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("zero")) {
            publisher.send(new SyntheticMedia(3).stream(0, 1, 25));
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("zero")) {
                player.awaitMessages(1);
            }
            Await.until("the edge's pull to close with its last player", () -> edge.stats().upstreamPulls() == 0
                    && edge.streams().find(key) == null);
        }
        Await.until("the stream to end with its publisher", () -> origin.streams().find(key) == null);

        try (TestPlayer staying = TestPlayer.connect(clients, TestCluster.port(origin), "live")) {
            TestNode.await(origin.drain());
            Await.until("the drain to close the connection", () -> staying.closeReason() != null);
        }
    }
}
