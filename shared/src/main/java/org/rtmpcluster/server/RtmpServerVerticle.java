package org.rtmpcluster.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.node.Node;

/**
 * A verticle that serves RTMP with a role's {@link StreamHost}; the node deploys one per event loop, all sharing
 * the port, and drains them through its {@link RtmpListeners}.
 */
public class RtmpServerVerticle extends VerticleBase {
    private final Node node;
    private final StreamHost streams;
    private final Authorizer authorizer;
    private final ConnectRedirect redirect;
    private RtmpServer server;

    /** A verticle that authorizes with the node's policy ({@code AUTH_*}). */
    public RtmpServerVerticle(Node node, StreamHost streams, ConnectRedirect redirect) {
        this(node, streams, node.authorizer(), redirect);
    }

    public RtmpServerVerticle(Node node, StreamHost streams, Authorizer authorizer) {
        this(node, streams, authorizer, ConnectRedirect.NONE);
    }

    public RtmpServerVerticle(Node node, StreamHost streams, Authorizer authorizer, ConnectRedirect redirect) {
        this.node = node;
        this.streams = streams;
        this.authorizer = authorizer;
        this.redirect = redirect;
    }

    @Override
    public Future<?> start() {
        server = new RtmpServer(vertx, node.options().rtmpServer(), streams, authorizer, redirect, node.stats(),
                node.listeners(), node.budgets()).meteredBy(node.sessionEvents());
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
