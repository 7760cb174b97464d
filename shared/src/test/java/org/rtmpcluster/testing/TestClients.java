package org.rtmpcluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

/** Connects clients from a test thread: each client gets an event loop of its own and stays on it. */
final class TestClients {
    private TestClients() {
    }

    static RtmpClient connect(Vertx vertx, int port, String app) {
        Context context = vertx.getOrCreateContext();
        Promise<RtmpClient> connected = Promise.promise();
        context.runOnContext(v -> RtmpClient.connect(vertx, "127.0.0.1", port, app, ConnectionOptions.DEFAULT)
                .onComplete(connected));
        return TestNode.await(connected.future());
    }
}
