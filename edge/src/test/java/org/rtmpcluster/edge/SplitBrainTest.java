package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.origin.OriginVerticle;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two origins that cannot see each other each accept a publisher of the same key (as both sides of a network split
 * would); when they find each other and merge, the later publish keeps the stream and the other publisher is
 * stopped: no key keeps two owners.
 */
@Timeout(120)
class SplitBrainTest {
    private static final StreamKey KEY = new StreamKey("live", "split");

    private final List<Node> nodes = new ArrayList<>();
    private Vertx clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            TestNode.await(clients.close());
        }
        nodes.forEach(n -> TestNode.await(n.stop().recover(e -> Future.succeededFuture())));
    }

    private Node origin(String name, int clusterPort, String members) {
        Logging.configure();
        var options = NodeConfig.parse("origin", new String[] {"--rtmp-port", String.valueOf(TestNode.freePort()),
                "--http-port", String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1", "--instances", "1",
                "--cluster-name", name, "--cluster-port", String.valueOf(clusterPort), "--cluster-members", members},
                Map.of());
        Node node = TestNode.await(Node.start(options, n -> () -> new OriginVerticle(n)));
        nodes.add(node);
        return node;
    }

    @Test
    void afterASplitHealsTheLaterPublishKeepsTheStreamAndTheOtherPublisherIsStopped() {
        String name = "split-" + UUID.randomUUID();
        int portA = TestNode.freePort();
        int portB = TestNode.freePort();
        // A knows B's address but B is not up yet, so A starts alone; B knows only itself. A's split-brain
        // handler finds B later and the two clusters merge, as the two sides of a healed network split do.
        Node a = origin(name, portA, "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
        Node b = origin(name, portB, "127.0.0.1:" + portB);
        assertEquals(1, a.cluster().members().size(), "A is alone");
        assertEquals(1, b.cluster().members().size(), "B is alone");

        clients = Vertx.vertx();
        SyntheticMedia media = new SyntheticMedia(30);
        TestPublisher onA = TestPublisher.connect(clients, a.options().rtmpPort(), "live").publish("split");
        onA.send(media.stream(0, 1, 25));
        Await.until("A's claim to be older than B's", () -> System.currentTimeMillis()
                > TestNode.await(a.cluster().streams().lookup(KEY)).epoch());
        TestPublisher onB = TestPublisher.connect(clients, b.options().rtmpPort(), "live").publish("split");
        onB.send(media.stream(0, 1, 25));
        StreamRecord claimA = TestNode.await(a.cluster().streams().lookup(KEY));
        StreamRecord claimB = TestNode.await(b.cluster().streams().lookup(KEY));
        assertTrue(claimB.epoch() > claimA.epoch(), "B published later: " + claimA + " / " + claimB);

        Await.until(() -> "the clusters to merge (members seen by A: " + a.cluster().members() + ")",
                () -> a.cluster().members().size() == 2 && b.cluster().members().size() == 2, 90_000);
        assertEquals(java.util.Set.of(a.id(), b.id()), a.cluster().members(),
                "node ids survive the merge (Hazelcast gives the merging member a new UUID)");
        Await.until(() -> "A's publisher to be stopped (stream at A has a publisher: "
                + a.streams().find(KEY).hasPublisher() + ")", () -> !a.streams().find(KEY).hasPublisher(), 30_000);
        assertEquals(claimB, TestNode.await(a.cluster().streams().lookup(KEY)), "the registry keeps B's claim");
        assertTrue(b.streams().find(KEY).hasPublisher(), "B's publisher goes on");
        // Stopped means the publisher is told: A closes the connection of the publish whose claim lost.
        Await.until("A to close its publisher's connection", onA::isClosed);
        assertFalse(onB.isClosed(), "B's publisher stays connected");
        onB.close();
    }
}
