package org.rtmpcluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.ConnectRedirect;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** An in-JVM node serving local streams on a free loopback port, for tests. */
public final class TestNode implements AutoCloseable {
    private final Node node;

    private TestNode(Node node) {
        this.node = node;
    }

    /**
     * Starts a node; {@code flags} are command-line flags as an operator would give them (authorization too: by
     * default publishing from loopback, as every test client does, and playing are allowed).
     */
    public static TestNode start(String... flags) {
        Logging.configure();
        List<String> args = new ArrayList<>(List.of("--rtmp-port", String.valueOf(freePort()), "--bind-host",
                "127.0.0.1", "--instances", "2"));
        args.addAll(List.of(flags));
        NodeOptions options = NodeConfig.parse("test", args.toArray(String[]::new), Map.of());
        Future<Node> started = Node.startStandalone(options, n -> () -> new RtmpServerVerticle(n,
                new LocalStreamHost(n.streams()), ConnectRedirect.NONE));
        return new TestNode(await(started));
    }

    public Node node() {
        return node;
    }

    public int port() {
        return node.options().rtmpPort();
    }

    @Override
    public void close() {
        await(node.stop());
    }

    /**
     * A port free right now, below Linux's ephemeral range (32768 and up): a port the kernel hands out for
     * ephemeral use can be taken by any process's outgoing connection (another node's cluster link) in the moment
     * between this check and the node binding it. Ports handed out once are not handed out again.
     */
    public static synchronized int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = FIRST_TEST_PORT + PORTS.nextInt(TEST_PORTS);
            if (HANDED_OUT.add(port)) {
                try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                } catch (IOException inUse) {
                    // try another
                }
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + FIRST_TEST_PORT + ".."
                + (FIRST_TEST_PORT + TEST_PORTS)));
    }

    private static final int FIRST_TEST_PORT = 20_000;
    private static final int TEST_PORTS = 12_000;
    private static final java.util.Random PORTS = new java.util.Random();
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("awaited future failed: " + e, e);
        }
    }

    /** Runs {@code task} on {@code context}, where the state it touches lives, and returns its result. */
    public static <T> T onContext(Context context, Supplier<T> task) {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.fail(e); // rather than leave the caller waiting for the await's timeout
            }
        });
        return await(result.future());
    }
}
