package org.rtmpcluster.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.rtmp.net.CloseReason;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with {@code --auth-play webhook} and real players: ffmpeg publishes from loopback (the default policy lets
 * it), the test's receiver decides plays by a {@code ticket} parameter of the operator's own (it reaches the
 * receiver, not being one of our credentials): {@code ok} allows, {@code short} allows for 2 s, anything else
 * refuses with a reason.
 */
class WebhookPlayersTest {
    private static final String SECRET = "players-test-secret-0123456789";
    private static Vertx receiverVertx;
    private static HttpServer receiver;
    private static final List<JsonObject> asked = new CopyOnWriteArrayList<>();
    private static Node node;
    private static ChildProcess publisher;
    private static final List<String> closeLines = new CopyOnWriteArrayList<>();
    /** Held: JUL keeps loggers weakly, and the handler must stay on this one. */
    private static final Logger CONNECTION_LOG = Logger.getLogger("org.rtmpcluster.rtmp.net.RtmpConnection");
    private static final Handler CLOSES = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            closeLines.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Clients.requireInstalled("ffmpeg", "rtmpdump");
        Logging.configure();
        CONNECTION_LOG.addHandler(CLOSES);
        receiverVertx = Vertx.vertx();
        receiver = TestNode.await(receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            JsonObject body = b.toJsonObject();
            asked.add(body);
            String ticket = java.net.URLDecoder.decode(body.getString("query"),
                    java.nio.charset.StandardCharsets.UTF_8);
            req.response().putHeader("content-type", "application/json").end(switch (ticket) {
                case "ticket=ok" -> "{\"allow\":true}";
                case "ticket=short" -> "{\"allow\":true,\"lifetime\":2}";
                default -> "{\"allow\":false,\"reason\":\"no ticket for this show\"}";
            });
        })).listen(0, "127.0.0.1"));
        int port = TestNode.freePort();
        node = TestNode.await(Node.startStandalone(NodeConfig.parse("test", new String[]{
                "--rtmp-port", String.valueOf(port), "--bind-host", "127.0.0.1", "--instances", "2",
                "--auth-play", "webhook",
                "--auth-webhook-url", "http://127.0.0.1:" + receiver.actualPort() + "/rtmp-auth",
                "--auth-webhook-secret", SECRET}, Map.of()),
                n -> () -> new RtmpServerVerticle(n, new LocalStreamHost(n.streams()), n.authorizer())));
        Path flv = Media.makeTestFlv(dir);
        publisher = Clients.publishForever(dir, flv, url("cam1"));
        publisher.stdout().await("ffmpeg publishing", Clients.outTimeAtLeast(500_000), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        CONNECTION_LOG.removeHandler(CLOSES);
        if (publisher != null) {
            publisher.close();
        }
        if (node != null) {
            TestNode.await(node.stop());
        }
        if (receiverVertx != null) {
            TestNode.await(receiverVertx.close());
        }
    }

    private static String url(String name) {
        return "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/" + name;
    }

    @Test
    void aPlayerTheWebhookAllowsPlays() throws Exception {
        try (ChildProcess rtmpdump = Clients.rtmpdump(dir, url("cam1?ticket=ok"), dir.resolve("allowed.flv"))) {
            rtmpdump.stderr().await("rtmpdump receiving media", Clients.rtmpdumpProgress(), Duration.ofSeconds(20));
        }
        JsonObject play = asked.stream().filter(b -> b.getString("query").equals("ticket=ok")).findFirst()
                .orElseThrow();
        assertEquals("play", play.getString("action"));
        assertEquals("live", play.getString("app"));
        assertEquals("cam1", play.getString("stream"));
        assertEquals("127.0.0.1", play.getString("client"));
        assertEquals(node.id(), play.getString("nodeId"));
        assertEquals("test", play.getString("role"), "the node's role as it was started");
        assertTrue(asked.stream().noneMatch(b -> b.getString("action").equals("publish")),
                "publishing is AUTH_PUBLISH's (loopback), not the webhook's: " + asked);
    }

    @Test
    void aPlayerTheWebhookRefusesHearsPlayFailedWithTheReasonAndIsClosed() {
        TestPlayer player = TestPlayer.connect(node.vertx(), node.options().rtmpPort(), "live");
        try {
            assertTrue(player.startPlay("cam1?ticket=none").toCompletionStage().toCompletableFuture()
                    .handle((v, e) -> e != null).join(), "the play never started");
            player.awaitStatus("NetStream.Play.Failed");
            assertTrue(!player.statuses().contains("NetStream.Play.Start"), player.statuses().toString());
            Await.until("the node closed the connection", () -> player.client().isClosed());
        } finally {
            player.close();
        }
        assertTrue(closeLines.stream().anyMatch(l -> l.contains("refused: no ticket for this show")), closeLines
                .toString());
    }

    @Test
    void ffmpegRefusedByTheWebhookExitsWithAnError() throws Exception {
        try (ChildProcess ffmpeg = Clients.playToNowhere(dir, url("cam1?ticket=forged"))) {
            int exit = ffmpeg.awaitExit(Duration.ofSeconds(20));
            assertNotEquals(0, exit, "ffmpeg exits with an error when refused");
        }
    }

    @Test
    void aWebhookLifetimeCutsAPlayingFfmpegAfterIt() throws Exception {
        long cutBefore = node.stats().closes(CloseReason.AUTH_EXPIRED);
        long started = System.nanoTime();
        try (ChildProcess ffmpeg = Clients.playToNowhere(dir, url("cam1?ticket=short"))) {
            ffmpeg.stdout().await("ffmpeg playing", Clients.framesAtLeast(1), Duration.ofSeconds(20));
            ffmpeg.awaitExit(Duration.ofSeconds(20));
            long endedAfterMillis = (System.nanoTime() - started) / 1_000_000;
            // Not before the lifetime (counted from the webhook's answer, after ffmpeg started), and not much after.
            assertTrue(endedAfterMillis >= 2000 && endedAfterMillis < 12_000, "ended after " + endedAfterMillis
                    + " ms");
            assertTrue(Clients.reportedFrames(ffmpeg) > 0, "it played before the cut");
        }
        Await.until("the node counted an auth_expired close",
                () -> node.stats().closes(CloseReason.AUTH_EXPIRED) > cutBefore);
        assertTrue(closeLines.stream().anyMatch(l -> l.contains("play of live/cam1 authorization ended (webhook)")),
                closeLines.toString());
    }
}
