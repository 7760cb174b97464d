package org.rtmpcluster.auth;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real encoders logging in with {@code authmod=adobe} to a node whose publishing takes a password (and nothing
 * else, so that an encoder on this machine is asked too): ffmpeg with {@code rtmp://user:pass@...}, GStreamer's
 * {@code rtmp2sink} with {@code username}/{@code password}. A right password publishes a stream a player receives; a
 * wrong one is refused and the encoder exits with an error, after one try.
 */
class PasswordLoginInteropTest {
    private static final String GST_HINT = "apt-get install -y gstreamer1.0-tools gstreamer1.0-plugins-bad "
            + "gstreamer1.0-libav";
    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Node node;
    private Vertx clientVertx;
    private final List<ChildProcess> children = new ArrayList<>();

    @BeforeEach
    void startNode() throws IOException {
        Path users = dir.resolve("users.txt");
        Files.writeString(users, "# rtmp-node user add alice\n"
                + UsersFileCommand.parse(new String[] {"add", "alice"}).line("secret".toCharArray()) + "\n"
                + UsersFileCommand.parse(new String[] {"add", "viewer", "--play", "live/*"})
                .line("secret".toCharArray()) + "\n");
        Logging.configure();
        NodeOptions options = NodeConfig.parse("test", new String[] {"--rtmp-port",
                String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1", "--instances", "2",
                "--auth-publish", "password", "--auth-users-file", users.toString()}, Map.of());
        node = TestNode.await(Node.startStandalone(options, n -> () -> new RtmpServerVerticle(n,
                new LocalStreamHost(n.streams()), n.authorizer())));
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        children.forEach(ChildProcess::close);
        if (clientVertx != null) {
            TestNode.await(clientVertx.close());
        }
        if (node != null) {
            node.stop().await();
        }
    }

    private String url(String userInfo, String key) {
        return "rtmp://" + userInfo + "127.0.0.1:" + node.options().rtmpPort() + "/live/" + key;
    }

    private ChildProcess ffmpegPublish(String userInfo, String key, int seconds) throws IOException {
        Clients.requireInstalled("ffmpeg");
        ChildProcess p = ChildProcess.start("ffmpeg publish " + key, dir, Clients.ffmpeg("-re", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-t", String.valueOf(seconds), "-c:v", "libx264", "-g", "25",
                "-f", "flv", url(userInfo, key)));
        children.add(p);
        return p;
    }

    private ChildProcess gstPublish(String key, String password, int buffers, String... properties)
            throws IOException {
        if (!onPath("gst-launch-1.0")) {
            throw new AssertionError("this test needs gst-launch-1.0 with rtmp2sink and avenc_flv: " + GST_HINT);
        }
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q", "videotestsrc", "is-live=true",
                "num-buffers=" + buffers, "!", "video/x-raw,width=320,height=240,framerate=25/1", "!", "avenc_flv",
                "!", "flvmux", "streamable=true", "!", "rtmp2sink", "location=" + url("", key), "username=alice",
                "password=" + password));
        command.addAll(List.of(properties));
        ChildProcess p = ChildProcess.start("gst-launch rtmp2sink " + key, dir, command);
        children.add(p);
        return p;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A player (not asked for a password: playing is open) receives media of {@code key}. */
    private void playerReceives(String key, ChildProcess publisher) {
        Await.until(() -> key + " published (publisher: " + publisher.stderr().tail() + ")",
                () -> node.streams().find(StreamKey.parse("live/" + key)) != null);
        try (TestPlayer player = TestPlayer.connect(clientVertx, node.options().rtmpPort(), "live")) {
            player.play(key);
            player.awaitMessages(10);
        }
    }

    @Test
    void ffmpegWithUserAndPasswordInTheUrlPublishes() throws Exception {
        ChildProcess ffmpeg = ffmpegPublish("alice:secret@", "cam", 30);
        playerReceives("cam", ffmpeg);
    }

    @Test
    void ffmpegWithAWrongPasswordIsRefusedAndExitsWithAnError() throws Exception {
        ChildProcess ffmpeg = ffmpegPublish("alice:wrong@", "cam", 2);
        assertNotEquals(0, ffmpeg.awaitExit(EXIT), ffmpeg.stderr().tail());
        assertTrue(ffmpeg.stderr().anyContains("reason=authfailed"), ffmpeg.stderr().tail());
        assertNull(node.streams().find(StreamKey.parse("live/cam")));
    }

    @Test
    void ffmpegWithoutAPasswordOrAsAnUnknownUserIsRefused() throws Exception {
        ChildProcess none = ffmpegPublish("", "cam", 2);
        assertNotEquals(0, none.awaitExit(EXIT), none.stderr().tail());
        assertTrue(none.stderr().anyContains("code=403 need auth; authmod=adobe"), none.stderr().tail());
        ChildProcess mallory = ffmpegPublish("mallory:secret@", "cam", 2);
        assertNotEquals(0, mallory.awaitExit(EXIT), mallory.stderr().tail());
        assertTrue(mallory.stderr().anyContains("reason=nosuchuser"), mallory.stderr().tail());
    }

    @Test
    void ffmpegAsAUserWhoMayOnlyPlayIsRefusedThePublish() throws Exception {
        ChildProcess ffmpeg = ffmpegPublish("viewer:secret@", "cam", 2);
        assertNotEquals(0, ffmpeg.awaitExit(EXIT), ffmpeg.stderr().tail());
        assertTrue(ffmpeg.stderr().anyContains("user viewer may not publish live/cam"), ffmpeg.stderr().tail());
    }

    @Test
    void gstreamerRtmp2sinkWithAuthmodAdobePublishes() throws Exception {
        ChildProcess gst = gstPublish("gcam", "secret", 750, "authmod=adobe");
        playerReceives("gcam", gst);
    }

    /**
     * With authmod=auto (its default) rtmp2sink logs in only when a plain connect is refused, and the policy asks
     * encoders only: rtmp2sink 1.22 says {@code flashVer "LNX 10,0,32,18"} unless told otherwise, so it is not
     * asked and its publish is refused ({@code NetStream.Publish.Unauthorized}); with an encoder's flashVer it goes
     * through all three steps of the login.
     */
    @Test
    void gstreamerRtmp2sinkWithAuthmodAutoLogsInWhenItSaysItIsAnEncoder() throws Exception {
        ChildProcess asPlayer = gstPublish("gauto", "secret", 50);
        assertNotEquals(0, asPlayer.awaitExit(EXIT), asPlayer.stderr().tail());
        String said = String.join("\n", asPlayer.stderr().lines()) + String.join("\n", asPlayer.stdout().lines());
        assertTrue(said.contains("NetStream.Publish.Unauthorized"), said);

        ChildProcess asEncoder = gstPublish("gauto", "secret", 750, "flash-version=FMLE/3.0 (compatible; FMSc/1.0)");
        playerReceives("gauto", asEncoder);
    }

    @Test
    void gstreamerWithAWrongPasswordFails() throws Exception {
        ChildProcess gst = gstPublish("gcam", "wrong", 50, "authmod=adobe");
        assertNotEquals(0, gst.awaitExit(EXIT), gst.stderr().tail() + gst.stdout().tail());
        String said = String.join("\n", gst.stderr().lines()) + String.join("\n", gst.stdout().lines());
        assertTrue(said.contains("authentication failed"), said);
        assertEquals(null, node.streams().find(StreamKey.parse("live/gcam")));
    }
}
