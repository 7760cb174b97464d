package org.rtmpcluster.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.auth.AuthKeys;
import org.rtmpcluster.auth.SignedToken;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.FrameHashes;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.PlayedPackets;
import org.rtmpcluster.interop.ProcessCluster;
import org.rtmpcluster.interop.ProcessCluster.Member;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

/**
 * Signed tokens with real clients against real jars: an origin and an edge that both want a token to publish and to
 * play. ffmpeg publishes with one and plays through the edge (which pulls with its own link credential), byte for
 * byte; every wrong token is refused before anything starts, with the status OBS stops retrying on; and no token
 * shows in a log line, an API answer or a metric.
 */
@ExtendWith(NodeLogsOnFailure.class)
class AuthInteropIT {
    private static final String KEYS = "k1:0123456789abcdef-first,k2:fedcba9876543210-second";
    private static final AuthKeys KEY_SET = AuthKeys.parse(KEYS);
    private static final Duration PUBLISH_STARTS = Duration.ofSeconds(15);
    private static final Duration STREAM_ENDS = Duration.ofSeconds(Media.SECONDS + 20);
    private static final Duration REFUSED = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Path source;
    private static FrameHashes sourcePackets;
    private static ProcessCluster cluster;
    private static NodeProcess origin;
    private static NodeProcess edge;
    private static Vertx clients;

    @BeforeAll
    @Timeout(120)
    static void startCluster() throws Exception {
        Clients.requireInstalled("ffmpeg", "curl");
        source = Media.makeTestFlv(dir);
        sourcePackets = FrameHashes.of(source);
        String[] auth = {"--auth-keys", KEYS, "--auth-publish", "token", "--auth-play", "token", "--cluster-secret",
            "auth-interop-cluster-secret"};
        cluster = ProcessCluster.start(dir, Member.of("origin", "origin", auth),
                Member.of("edge", "edge", auth));
        origin = cluster.node(0);
        edge = cluster.node(1);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        if (clients != null) {
            TestNode.await(clients.close());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(90)
    void aPublishWithATokenPlaysThroughTheEdgeByteForByteAndNoTokenLeaks(@TempDir Path work) throws Exception {
        String key = "live/signed";
        String publishToken = token("k2", "publish", key, 600);
        String playToken = token("k1", "play", key, 600);
        try (ChildProcess publisher = Clients.publish(work, source, origin.rtmpUrl(key) + "?" + publishToken)) {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            Path played = work.resolve("edge.framemd5");
            try (ChildProcess ffmpeg = Clients.playFrameHashes(work, edge.rtmpUrl(key) + "?" + playToken, played)) {
                List<String> answers = new ArrayList<>();
                // While it plays: what an operator's tools see names the stream, never its credentials.
                edge.awaitLog("play started " + key + " by", PUBLISH_STARTS);
                // While the edge pulls over its cluster link, a client without the cluster's credential asking the
                // origin for the same stream is a player like any other: no token, no play.
                try (ChildProcess direct = Clients.playToNowhere(work, origin.rtmpUrl(key))) {
                    assertNotEquals(0, direct.awaitExit(REFUSED), "ffmpeg pulling from the origin without a token");
                }
                answers.add(Clients.curl(work, origin.httpUrl("/api/v1/streams")).body());
                answers.add(Clients.curl(work, edge.httpUrl("/api/v1/streams/" + key)).body());
                answers.add(Clients.curl(work, origin.httpUrl("/metrics")).body());
                answers.add(Clients.curl(work, edge.httpUrl("/metrics")).body());
                ffmpeg.awaitCleanExit(STREAM_ENDS);
                assertTrue(answers.get(1).contains(key), "the API names the stream: " + answers.get(1));
                for (String answer : answers) {
                    assertNoCredential(answer, publishToken, playToken);
                }
            }
            publisher.awaitCleanExit(STREAM_ENDS);
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), 5);
            for (NodeProcess node : List.of(origin, edge)) {
                assertNoCredential(String.join("\n", node.log().lines()), publishToken, playToken);
            }
        }
    }

    /** An encoder may publish at the edge with its token: the edge forwards it over its own link credential. */
    @Test
    @Timeout(90)
    void aPublishWithATokenAtTheEdgeIsForwardedToTheOrigin(@TempDir Path work) throws Exception {
        String key = "live/at-edge";
        try (ChildProcess publisher = Clients.publish(work, source,
                edge.rtmpUrl(key) + "?" + token("k1", "publish", key, 600))) {
            edge.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            Path played = work.resolve("origin.framemd5");
            try (ChildProcess ffmpeg = Clients.playFrameHashes(work,
                    origin.rtmpUrl(key) + "?" + token("k2", "play", key, 600), played)) {
                ffmpeg.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), 5);
        }
    }

    /**
     * Each wrong token: ffmpeg hears an error status and exits non-zero, having sent no media that started anything;
     * our client sees the exact code, NetStream.Publish.Unauthorized (on which OBS stops retrying).
     */
    @Test
    @Timeout(120)
    void everyWrongPublishTokenIsRefusedWithUnauthorizedAndFfmpegGivesUp(@TempDir Path work) throws Exception {
        String key = "live/refused";
        Map<String, String> wrong = Map.of(
                "expired", token("k1", "publish", key, -10),
                "for another key", token("k1", "publish", "live/other", 600),
                "a play token", token("k1", "play", key, 600),
                "none", "",
                "tampered", token("k1", "publish", key, 600).replace("exp=", "exp=1"));
        for (var c : wrong.entrySet()) {
            String url = origin.rtmpUrl(key) + (c.getValue().isEmpty() ? "" : "?" + c.getValue());
            try (ChildProcess ffmpeg = Clients.publish(work, source, url)) {
                int code = ffmpeg.awaitExit(REFUSED);
                assertNotEquals(0, code, c.getKey() + ": ffmpeg should fail; stderr:\n" + ffmpeg.stderr().tail());
                assertTrue(ffmpeg.stderr().anyContains("Server error"), c.getKey() + ": ffmpeg heard the refusal:\n"
                        + ffmpeg.stderr().tail());
            }
            try (TestPublisher ours = TestPublisher.connect(clients, origin.rtmpPort(), "live")) {
                assertEquals("NetStream.Publish.Unauthorized", ours.tryPublish(
                        "refused" + (c.getValue().isEmpty() ? "" : "?" + c.getValue())), c.getKey());
            }
        }
        assertFalse(origin.log().anyContains("publish started " + key), "nothing started");
        assertTrue(origin.log().anyContains("publish of " + key + " refused: token expired"),
                "one line says why:\n" + origin.log().linesContaining(key));
    }

    @Test
    @Timeout(60)
    void aPlayWithoutAValidTokenIsRefusedWithPlayFailed(@TempDir Path work) throws Exception {
        String key = "live/guarded";
        try (TestPublisher publisher = TestPublisher.connect(clients, origin.rtmpPort(), "live")
                .publish("guarded?" + token("k1", "publish", key, 600))) {
            try (ChildProcess ffmpeg = Clients.playToNowhere(work, edge.rtmpUrl(key))) {
                assertNotEquals(0, ffmpeg.awaitExit(REFUSED), "ffmpeg without a token: " + ffmpeg.stderr().tail());
            }
            for (String query : List.of("", "?" + token("k1", "publish", key, 600))) {
                try (TestPlayer player = TestPlayer.connect(clients, edge.rtmpPort(), "live")) {
                    player.startPlay("guarded" + query);
                    player.awaitStatus("NetStream.Play.Failed");
                    assertFalse(player.statuses().contains("NetStream.Play.Start"), player.statuses().toString());
                }
            }
        }
    }

    private static String token(String kid, String action, String key, long ttlSeconds) {
        return SignedToken.mint(KEY_SET, kid, action, key, System.currentTimeMillis() / 1000 + ttlSeconds);
    }

    private static void assertNoCredential(String text, String... tokens) {
        for (String token : tokens) {
            String sig = token.substring(token.indexOf("sig=") + 4);
            assertFalse(text.contains(sig), "a token's signature leaked into:\n" + text);
        }
        assertFalse(text.contains("sig="), "a sig= parameter leaked into:\n" + text);
    }
}
