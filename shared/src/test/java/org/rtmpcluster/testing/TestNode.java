package org.rtmpcluster.testing;

import io.vertx.core.Future;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.Authorizer;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An in-JVM node serving local streams on a free loopback port, for tests. */
public final class TestNode implements AutoCloseable {
    private final Node node;

    private TestNode(Node node) {
        this.node = node;
    }

    /** Starts a node; {@code flags} are command-line flags as an operator would give them. */
    public static TestNode start(String... flags) {
        Logging.configure();
        List<String> args = new ArrayList<>(List.of("--rtmp-port", String.valueOf(freePort()), "--bind-host",
                "127.0.0.1", "--instances", "2"));
        args.addAll(List.of(flags));
        NodeOptions options = NodeConfig.parse("test", args.toArray(String[]::new), Map.of());
        Future<Node> started = Node.startStandalone(options, n -> () -> new RtmpServerVerticle(n.options().rtmpServer(),
                new LocalStreamHost(n.streams()), Authorizer.ALLOW_ALL, n.stats()));
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

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("awaited future failed: " + e, e);
        }
    }
}
