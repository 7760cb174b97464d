package org.rtmpcluster.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * A verticle that serves RTMP with a role's {@link StreamHost}; the node deploys one per event loop, all sharing
 * the port.
 */
public class RtmpServerVerticle extends VerticleBase {
    private final RtmpServerOptions options;
    private final StreamHost streams;
    private final Authorizer authorizer;
    private final NodeStats stats;
    private RtmpServer server;

    public RtmpServerVerticle(RtmpServerOptions options, StreamHost streams, Authorizer authorizer, NodeStats stats) {
        this.options = options;
        this.streams = streams;
        this.authorizer = authorizer;
        this.stats = stats;
    }

    @Override
    public Future<?> start() {
        server = new RtmpServer(vertx, options, streams, authorizer, stats);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
