package org.rtmpcluster.testing;

import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;

import java.util.ArrayList;
import java.util.List;

/**
 * A player on our own client that records what it receives, for in-JVM tests: the stream's messages, the statuses,
 * and apart from both the server's |RtmpSampleAccess notices.
 */
public final class TestPlayer implements AutoCloseable {
    private final List<Received> received = new ArrayList<>();
    /** When each message of {@link #received} arrived (System.nanoTime). */
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Received> sampleAccess = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();
    private final List<org.rtmpcluster.client.RtmpUrl> reconnectRequests = new ArrayList<>();
    private volatile String closeReason;
    private final RtmpClient client;

    private TestPlayer(RtmpClient client) {
        this.client = client;
    }

    /** Connects to {@code app} on the node; call {@link #play} next. */
    public static TestPlayer connect(Vertx vertx, int port, String app) {
        RtmpClient client = TestClients.connect(vertx, port, app);
        TestPlayer player = new TestPlayer(client);
        client.mediaHandler(batch -> {
            long now = System.nanoTime();
            synchronized (player) {
                batch.stream().map(Received::of).forEach(r -> {
                    if (r.isSampleAccess()) {
                        player.sampleAccess.add(r);
                    } else {
                        player.received.add(r);
                        player.arrivals.add(now);
                    }
                });
            }
        });
        client.statusHandler(code -> {
            synchronized (player) {
                player.statuses.add(code);
            }
        });
        client.reconnectHandler(to -> {
            synchronized (player) {
                player.reconnectRequests.add(to);
            }
        });
        client.closeHandler(reason -> player.closeReason = reason);
        return player;
    }

    public TestPlayer play(String name) {
        TestNode.await(startPlay(name));
        return this;
    }

    /** Sends play and returns at once; the future completes on NetStream.Play.Start. */
    public io.vertx.core.Future<Void> startPlay(String name) {
        io.vertx.core.Promise<Void> started = io.vertx.core.Promise.promise();
        client.context().runOnContext(v -> client.play(name).onComplete(started));
        return started.future();
    }

    public RtmpClient client() {
        return client;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** When each message of {@link #received()} arrived, by index (System.nanoTime). */
    public synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The |RtmpSampleAccess notices, which are not part of the stream and so not in {@link #received()}. */
    public synchronized List<Received> sampleAccess() {
        return List.copyOf(sampleAccess);
    }

    public synchronized List<String> statuses() {
        return List.copyOf(statuses);
    }

    /** Where the server asked us to reconnect (a draining server does); the player itself stays. */
    public synchronized List<org.rtmpcluster.client.RtmpUrl> reconnectRequests() {
        return List.copyOf(reconnectRequests);
    }

    public String closeReason() {
        return closeReason;
    }

    public void awaitMessages(int count) {
        Await.until(() -> count + " messages (have " + received().size() + ")", () -> received().size() >= count);
    }

    public void awaitStatus(String code) {
        Await.until(() -> "status " + code + " (have " + statuses() + ")", () -> statuses().contains(code));
    }

    @Override
    public void close() {
        TestNode.await(client.close());
    }
}
