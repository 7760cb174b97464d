package org.rtmpcluster.auth;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook's cost in joins per second: players connect and play (to NetStream.Play.Start), {@value #WINDOW} at
 * a time, on a node with playing open and on one asking a webhook that takes {@value #WEBHOOK_DELAY_MS} ms per
 * answer. The figures go to stdout; the assertion is that the webhook does not serialize joins (one at a time
 * would be 1000 / 50 = 20 joins/s). {@code -Dwebhook.joins=N} measures more.
 */
class WebhookJoinRateTest {
    static final int WINDOW = 50;
    static final long WEBHOOK_DELAY_MS = 50;
    private static final int JOINS = Integer.getInteger("webhook.joins", 500);

    /** Held: JUL keeps loggers weakly, and a level set on a collected one is lost. */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.rtmpcluster.server"),
            java.util.logging.Logger.getLogger("org.rtmpcluster.rtmp.net"));
    private static Vertx others;
    private static HttpServer receiver;
    private static final AtomicInteger asked = new AtomicInteger();
    private static final AtomicInteger waiting = new AtomicInteger();
    /** The most requests the receiver held at once: more than one means joins did not queue behind each other. */
    private static final AtomicInteger mostWaiting = new AtomicInteger();

    @BeforeAll
    static void startReceiver() {
        Logging.configure();
        others = Vertx.vertx();
        receiver = TestNode.await(others.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            asked.incrementAndGet();
            mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            others.setTimer(WEBHOOK_DELAY_MS, id -> {
                waiting.decrementAndGet();
                req.response().end("{\"allow\":true}");
            });
        })).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        TestNode.await(others.close());
    }

    @Test
    void aFiftyMillisecondWebhookDoesNotSerializeJoins() {
        measure("open"); // warms the JVM (client and server code alike), so the first figure is not the coldest
        double open = measure("open");
        double webhook = measure("webhook");
        System.out.printf("join rate, %d joins %d at a time: play open %.0f joins/s, webhook answering in %d ms "
                + "%.0f joins/s (at most %d webhook requests waiting at once)%n", JOINS, WINDOW, open,
                WEBHOOK_DELAY_MS, webhook, mostWaiting.get());
        assertTrue(asked.get() >= JOINS, "the webhook was asked for each join: " + asked.get());
        // Serialized, one request would wait at a time (20 joins/s). How many overlap depends on the machine's
        // load, not only on us, so the bound is loose; the figures are the measurement.
        assertTrue(mostWaiting.get() >= WINDOW / 5, "webhook requests overlapped at most " + mostWaiting.get());
    }

    /** Joins per second on a node with {@code --auth-play policy}, after a warm-up. */
    private static double measure(String policy) {
        Node node = TestNode.await(Node.startStandalone(NodeConfig.parse("test", new String[]{
                        "--rtmp-port", String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1",
                        "--instances", "2", "--auth-play", policy,
                        "--auth-webhook-url", "http://127.0.0.1:" + receiver.actualPort() + "/",
                        "--auth-webhook-secret", "join-rate-secret-0123456789",
                        "--auth-webhook-max-in-flight", String.valueOf(2 * WINDOW)}, Map.of()),
                n -> () -> new RtmpServerVerticle(n, new LocalStreamHost(n.streams()), n.authorizer())));
        int port = node.options().rtmpPort();
        // A line per play and close would measure the console.
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
        try (TestPublisher publisher = TestPublisher.connect(others, port, "live").publish("cam1")) {
            joins(port, JOINS / 5); // warm-up: JIT, pooled webhook connections
            long started = System.nanoTime();
            joins(port, JOINS);
            return JOINS / ((System.nanoTime() - started) / 1e9);
        } finally {
            QUIET.forEach(l -> l.setLevel(null));
            TestNode.await(node.stop());
        }
    }

    /** {@code count} players join (connect, play to Play.Start, close), {@link #WINDOW} at a time. */
    private static void joins(int port, int count) {
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            contexts.add(others.getOrCreateContext()); // from the test thread: a new context per call
        }
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Promise<Void> all = Promise.promise();
        for (Context context : contexts) {
            context.runOnContext(v -> nextJoin(context, port, count, begun, done, all));
        }
        try {
            all.future().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(done.get() + " of " + count + " joined: " + e, e);
        }
    }

    private static void nextJoin(Context context, int port, int count, AtomicInteger begun, AtomicInteger done,
                                 Promise<Void> all) {
        if (begun.incrementAndGet() > count) {
            return;
        }
        RtmpClient.connect(others, "127.0.0.1", port, "live", ConnectionOptions.DEFAULT)
                // Joined at Play.Start; the close goes on in the background (a client's close waits for the peer's).
                .compose(c -> c.play("cam1?viewer=" + begun.get()).andThen(ar -> c.close()))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        all.tryFail(ar.cause());
                    } else if (done.incrementAndGet() == count) {
                        all.tryComplete();
                    } else {
                        context.runOnContext(v -> nextJoin(context, port, count, begun, done, all));
                    }
                });
    }
}
