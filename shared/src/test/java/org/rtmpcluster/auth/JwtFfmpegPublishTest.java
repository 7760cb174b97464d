package org.rtmpcluster.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.auth.JwtMinter.Signer;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's ffmpeg publishing with {@code ?token=<jwt>} in the stream name, to a node whose publishing needs a JWT
 * ({@code --auth-publish jwt}) and whose keys come from a JWKS this test serves: an ES256 token for the key is
 * accepted and the stream plays, and so is an HS256 token signed with an {@code --auth-keys} secret; a token for
 * another key is refused and ffmpeg gives up, saying why.
 */
class JwtFfmpegPublishTest {
    private static final Duration FFMPEG_GIVES_UP = Duration.ofSeconds(30);

    private static Vertx vertx;
    private static JwksServer jwks;
    private static Node node;
    private static final Signer IDP = JwtMinter.es256("idp-2026");
    private static final String SECRET = "a-secret-of-32-bytes-for-hs256!!";
    private static final Signer BACKEND = JwtMinter.hs256("backend-1", SECRET.getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() {
        Clients.requireInstalled("ffmpeg");
        Logging.configure();
        vertx = Vertx.vertx();
        jwks = JwksServer.start(vertx, JwtMinter.jwks(IDP));
        String[] flags = {"--rtmp-port", String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1",
                "--instances", "1", "--auth-publish", "jwt", "--auth-jwks-url", jwks.url(), "--auth-keys",
                BACKEND.kid() + ":" + SECRET};
        node = TestNode.await(Node.startStandalone(NodeConfig.parse("test", flags, Map.of()),
                n -> () -> new RtmpServerVerticle(n, new LocalStreamHost(n.streams()), n.authorizer())));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            TestNode.await(node.stop());
        }
        if (jwks != null) {
            jwks.close();
        }
        if (vertx != null) {
            TestNode.await(vertx.close());
        }
    }

    @Test
    @Timeout(120)
    void ffmpegWithAJwtForTheKeyPublishesAndIsPlayed(@TempDir Path work) throws Exception {
        String token = IDP.mint(JwtMinter.claims(nowSeconds() + 600, "publish", "live/cam"));
        assertTrue(token.length() < 400, "a token this size fits ffmpeg's 512-byte playpath: " + token.length());
        try (ChildProcess ffmpeg = publish(work, "live/cam?token=" + token, 30);
             TestPlayer player = playWhenPublished(ffmpeg, new StreamKey("live", "cam"))) {
            player.awaitMessages(25);
            assertTrue(ffmpeg.isAlive(), "ffmpeg should still be publishing; its stderr:\n" + ffmpeg.stderr().tail());
        }
    }

    @Test
    @Timeout(120)
    void ffmpegWithAnHs256JwtFromAuthKeysPublishesAndIsPlayed(@TempDir Path work) throws Exception {
        String token = BACKEND.mint(JwtMinter.claims(nowSeconds() + 600, "publish", "live/*"));
        try (ChildProcess ffmpeg = publish(work, "live/hs?token=" + token, 30);
             TestPlayer player = playWhenPublished(ffmpeg, new StreamKey("live", "hs"))) {
            player.awaitMessages(25);
        }
    }

    @Test
    @Timeout(120)
    void ffmpegWithAJwtForAnotherKeyIsRefused(@TempDir Path work) throws Exception {
        String token = IDP.mint(JwtMinter.claims(nowSeconds() + 600, "publish", "live/other"));
        try (ChildProcess ffmpeg = publish(work, "live/cam2?token=" + token, 2)) {
            int code = ffmpeg.awaitExit(FFMPEG_GIVES_UP);
            assertNotEquals(0, code, "ffmpeg should exit with an error; its stderr:\n" + ffmpeg.stderr().tail());
            assertTrue(node.streams().find(new StreamKey("live", "cam2")) == null, "nothing was published");
            assertTrue(ffmpeg.stderr().anyContains("Server error: JWT does not allow publish of live/cam2"),
                    "ffmpeg should say why; its stderr:\n" + ffmpeg.stderr().tail());
        }
    }

    /** ffmpeg encoding its test pattern for {@code seconds} and publishing it to {@code path} on the node. */
    private static ChildProcess publish(Path work, String path, int seconds) throws IOException {
        String url = "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/" + path;
        return ChildProcess.start("ffmpeg publish with JWT", work, Clients.ffmpeg("-re", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset",
                "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-f", "flv", url));
    }

    private static TestPlayer playWhenPublished(ChildProcess ffmpeg, StreamKey key) {
        Await.until(() -> key + " published (ffmpeg stderr: " + ffmpeg.stderr().tail() + ")",
                () -> node.streams().find(key) != null);
        return TestPlayer.connect(vertx, node.options().rtmpPort(), key.app()).play(key.name());
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
