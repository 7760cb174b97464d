package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.Traffic;
import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.auth.Grant;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstreams that accept a connection and then never answer: one that says nothing at all (not even the
 * handshake), one that completes the handshake and never answers {@code connect}, one that never answers
 * {@code play}. The edge's pull drops each within its bound ({@code EDGE_UPSTREAM_CONNECT_TIMEOUT_MS},
 * {@code EDGE_UPSTREAM_PLAY_TIMEOUT_MS}) and tries again, instead of waiting for the idle timeout (which a server
 * that pings never reaches).
 */
@Timeout(120)
class UpstreamTimeoutTest {
    private static final long TIMEOUT_MILLIS = 500;
    /** Three attempts: the first, and two after a bound and a retry delay each (100, then 200 ms). */
    private static final long THREE_ATTEMPTS_MILLIS = 3 * TIMEOUT_MILLIS + 300 + 3000;

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;
    private static Node stalling;
    private static SilentServer silent;

    @BeforeAll
    static void start() throws IOException {
        cluster = TestCluster.start(1, 1, "--edge-upstream-connect-timeout-ms", String.valueOf(TIMEOUT_MILLIS),
                "--edge-upstream-play-timeout-ms", String.valueOf(TIMEOUT_MILLIS));
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
        silent = new SilentServer();
        // A server that completes the handshake, pings, and never answers connect to app "noconnect", nor play.
        stalling = TestNode.await(Node.startStandalone(NodeConfig.parse("test", new String[] {"--rtmp-port",
                String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1", "--instances", "1"}, Map.of()),
                n -> () -> new RtmpServerVerticle(n, new LocalStreamHost(n.streams()), UpstreamTimeoutTest::stall)));
    }

    private static Future<Grant> stall(AuthRequest request) {
        boolean never = request.action() == AuthRequest.Action.PLAY
                || request.action() == AuthRequest.Action.CONNECT && request.app().equals("noconnect");
        return never ? Promise.<Grant>promise().future() : Future.succeededFuture(Grant.OPEN);
    }

    @AfterAll
    static void stop() throws IOException {
        TestNode.await(clients.close());
        cluster.close();
        TestNode.await(stalling.stop());
        silent.close();
    }

    @Test
    void theClientGivesUpOnAConnectOrAPlayThatIsNeverAnswered() {
        String connectFailure = failure(RtmpClient.connect(clients, "127.0.0.1", silent.port(), "live",
                ConnectionOptions.DEFAULT, Traffic.NONE, TIMEOUT_MILLIS));
        assertEquals("no answer to connect within " + TIMEOUT_MILLIS + " ms", connectFailure);
        RtmpClient client = TestNode.await(RtmpClient.connect(clients, "127.0.0.1", stalling.options().rtmpPort(),
                "live", ConnectionOptions.DEFAULT, Traffic.NONE, TIMEOUT_MILLIS));
        String playFailure = failure(TestNode.onContext(client.context(), () -> client.play("s", TIMEOUT_MILLIS)));
        assertEquals("no answer to play within " + TIMEOUT_MILLIS + " ms", playFailure);
        TestNode.await(client.close());
    }

    @Test
    void aPullDropsAnUpstreamThatSaysNothingAndTriesAgain() {
        int before = silent.accepted();
        silent.resetMostOpen();
        assertThePullTriesAgain("silent", silent.port(), () -> silent.accepted() - before);
        assertTrue(silent.mostOpenAtOnce() <= 1, "never two upstreams at once: " + silent.mostOpenAtOnce());
    }

    @Test
    void aPullDropsAnUpstreamThatNeverAnswersConnectAndTriesAgain() {
        long before = stalling.stats().accepted();
        assertThePullTriesAgain("noconnect", stalling.options().rtmpPort(),
                () -> (int) (stalling.stats().accepted() - before));
    }

    @Test
    void aPullDropsAnUpstreamThatNeverAnswersPlayAndTriesAgain() {
        long before = stalling.stats().accepted();
        assertThePullTriesAgain("noplay", stalling.options().rtmpPort(),
                () -> (int) (stalling.stats().accepted() - before));
    }

    /** The registry names the stalling server for {@code app}/s; a player on the edge makes the edge pull it. */
    private static void assertThePullTriesAgain(String app, int port, IntSupplier attempts) {
        StreamKey key = new StreamKey(app, "s");
        StreamRecord claim = TestNode.await(origin.cluster().streams().claim(key, "stalling-" + app,
                "127.0.0.1:" + port, Set.of()));
        assertEquals("stalling-" + app, claim.nodeId(), "the registry names the stalling server");
        try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge), app)) {
            player.startPlay("s");
            long asked = System.nanoTime();
            Await.until(() -> "three attempts at the stalling upstream (had " + attempts.getAsInt() + ")",
                    () -> attempts.getAsInt() >= 3, THREE_ATTEMPTS_MILLIS);
            long millis = (System.nanoTime() - asked) / 1_000_000;
            assertTrue(edge.stats().upstreamConnectFailures() >= 2, "the failed attempts are counted");
            System.getLogger(UpstreamTimeoutTest.class.getName()).log(System.Logger.Level.INFO,
                    "three attempts at a stalling upstream ({0}) in {1} ms", app, millis);
        } finally {
            TestNode.await(origin.cluster().streams().release(claim));
        }
    }

    private static String failure(Future<?> future) {
        Promise<String> message = Promise.promise();
        future.onComplete(ar -> message.complete(ar.failed() ? ar.cause().getMessage() : "succeeded"));
        return TestNode.await(message.future());
    }

    /** Accepts connections and never writes a byte; counts them and the most open at once. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger mostOpen = new AtomicInteger();
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(this::acceptAll, "silent-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        int mostOpenAtOnce() {
            return mostOpen.get();
        }

        void resetMostOpen() {
            mostOpen.set(open.get());
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    accepted.incrementAndGet();
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Thread reader = new Thread(() -> drainUntilClosed(s), "silent-upstream-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** Reads (and ignores) what the client sends, until the client closes. */
        private void drainUntilClosed(Socket s) {
            try (InputStream in = s.getInputStream()) {
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // the client's C0/C1 and nothing more
                }
            } catch (IOException e) {
                // closed
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
