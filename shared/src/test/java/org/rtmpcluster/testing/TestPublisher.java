package org.rtmpcluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.ArrayList;
import java.util.List;

/** A publisher on our own client, for in-JVM tests. */
public final class TestPublisher implements AutoCloseable {
    private final RtmpClient client;
    private final Context context;
    private final List<String> statuses = new ArrayList<>();

    private TestPublisher(RtmpClient client, Context context) {
        this.client = client;
        this.context = context;
    }

    public static TestPublisher connect(Vertx vertx, int port, String app) {
        RtmpClient client = TestClients.connect(vertx, port, app);
        TestPublisher publisher = new TestPublisher(client, client.context());
        client.statusHandler(code -> {
            synchronized (publisher) {
                publisher.statuses.add(code);
            }
        });
        return publisher;
    }

    /** Publishes; the future's failure (e.g. NetStream.Publish.BadName) is rethrown as an AssertionError. */
    public TestPublisher publish(String name) {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> client.publish(name).onComplete(started));
        TestNode.await(started.future());
        return this;
    }

    /** Tries to publish and returns the failure message, or null when the publish started. */
    public String tryPublish(String name) {
        Promise<String> outcome = Promise.promise();
        context.runOnContext(v -> client.publish(name).onComplete(ar -> outcome.complete(
                ar.succeeded() ? null : ar.cause().getMessage())));
        return TestNode.await(outcome.future());
    }

    public void send(List<MediaMessage> messages) {
        List<MediaMessage> copy = new ArrayList<>(messages);
        context.runOnContext(v -> copy.forEach(m -> client.send(m.withPayload(m.payload().retainedDuplicate()))));
    }

    /** Whether the connection has closed, by either side. */
    public boolean isClosed() {
        return client.isClosed();
    }

    public synchronized List<String> statuses() {
        return List.copyOf(statuses);
    }

    @Override
    public void close() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> client.close().onComplete(closed));
        TestNode.await(closed.future());
    }
}
