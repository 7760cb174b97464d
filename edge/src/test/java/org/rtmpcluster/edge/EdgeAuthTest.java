package org.rtmpcluster.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.auth.AuthKeys;
import org.rtmpcluster.auth.SignedToken;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

/**
 * An edge judges tokens itself, with no question to the cluster (they work while the cluster is in trouble), and
 * pulls over links that prove the cluster's secret. The test that takes the origin's member away runs last.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class EdgeAuthTest {
    private static final String KEYS = "k1:0123456789abcdef-secret";
    private static TestCluster cluster;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, "--auth-keys", KEYS, "--auth-play", "token", "--cluster-secret",
                "edge-auth-test-cluster-secret");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    @Timeout(60)
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aTokenIsAcceptedAtAnEdgeWhoseOriginsClusterMemberIsGone() {
        Node origin = cluster.origins.get(0);
        Node edge = cluster.edges.get(0);
        SyntheticMedia media = new SyntheticMedia(7);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("cut");
                TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
            publisher.send(List.of(media.videoSequenceHeader(0), media.keyframe(0, 1000)));
            first.play("cut?" + token("live/cut"));
            Await.until("the first player's keyframe", () -> first.received().stream().anyMatch(Received::isKeyframe));

            origin.cluster().terminate(); // the origin's Hazelcast member leaves; its RTMP side stays up

            try (TestPlayer late = TestPlayer.connect(clients, TestCluster.port(edge), "live");
                    TestPlayer forged = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
                late.startPlay("cut?" + token("live/cut"));
                forged.startPlay("cut?" + token("live/cut").replace("sig=", "sig=A"));
                forged.awaitStatus("NetStream.Play.Failed");
                Await.until(() -> "the late player answered (" + late.statuses() + ")", () -> late.statuses()
                        .stream().anyMatch(s -> s.equals("NetStream.Play.Start") || s.endsWith("StreamNotFound")));
                assertFalse(late.statuses().contains("NetStream.Play.Failed"),
                        "a valid token is not refused while the cluster is down: " + late.statuses());
                assertTrue(forged.closeReason() != null || forged.client().isClosed(), "the forged one is closed");
            }
        }
    }

    /**
     * The origin wants play tokens: an edge pulls over its cluster link, while a client asking the origin directly
     * needs a token like any player, and a link made with another cluster's secret is refused.
     */
    @Test
    @Timeout(60)
    void onlyTheClustersOwnLinksPullFromAnOriginThatWantsTokens() {
        Node origin = cluster.origins.get(0);
        Node edge = cluster.edges.get(0);
        SyntheticMedia media = new SyntheticMedia(8);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("linked");
                TestPlayer viewer = TestPlayer.connect(clients, TestCluster.port(edge), "live")) {
            publisher.send(List.of(media.videoSequenceHeader(0), media.keyframe(0, 1000)));
            viewer.play("linked?" + token("live/linked"));
            Await.until("the edge's viewer gets the keyframe over the edge's link",
                    () -> viewer.received().stream().anyMatch(Received::isKeyframe));

            String foreign = org.rtmpcluster.auth.LinkToken.of("another-clusters-secret")
                    .query(org.rtmpcluster.auth.AuthRequest.Action.PLAY, "live/linked", System.currentTimeMillis());
            for (String asked : List.of("linked", "linked?" + foreign)) {
                try (TestPlayer direct = TestPlayer.connect(clients, TestCluster.port(origin), "live")) {
                    direct.startPlay(asked);
                    direct.awaitStatus("NetStream.Play.Failed");
                    assertFalse(direct.statuses().contains("NetStream.Play.Start"), asked + ": " + direct.statuses());
                }
            }
        }
    }

    private static String token(String key) {
        return SignedToken.mint(AuthKeys.parse(KEYS), "k1", "play", key, System.currentTimeMillis() / 1000 + 600);
    }
}
