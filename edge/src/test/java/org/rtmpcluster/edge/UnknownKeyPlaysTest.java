package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Plays of keys nobody publishes cost an edge no stream slot: a crowd of them, each waiting for its stream to
 * appear, must not leave a real stream without a slot (with MAX_STREAMS slots, ~560 such plays a second used to
 * fill them all at the defaults).
 */
@Timeout(120)
class UnknownKeyPlaysTest {
    private static final int SLOTS = 50;
    private static final int UNKNOWN_PLAYS = 300;
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 0, 1);
        origin = cluster.origins.get(0);
        // A long wait: every unknown play is still waiting when the real one comes.
        edge = cluster.addEdge("--max-streams", String.valueOf(SLOTS), "--edge-play-wait-ms", "30000");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void aRealStreamPlaysWhileHundredsOfPlaysWaitForKeysNobodyPublishes() {
        List<TestPlayer> waiting = new ArrayList<>();
        try {
            List<Future<Void>> plays = new ArrayList<>();
            for (int i = 0; i < UNKNOWN_PLAYS; i++) {
                TestPlayer p = TestPlayer.connect(clients, TestCluster.port(edge), "live");
                waiting.add(p);
                plays.add(p.startPlay("nobody-" + i));
            }
            try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                    .publish("real");
                 TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
                Future<Void> started = player.startPlay("real");
                publisher.send(new SyntheticMedia(1).stream(0, 2, 25));
                TestNode.await(started);
                player.awaitMessages(10);
            }
            assertEquals(0, plays.stream().filter(Future::succeeded).count(), "no unknown key started to play");
        } finally {
            waiting.forEach(TestPlayer::close);
        }
    }
}
