package org.rtmpcluster.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.NetSocketTransport;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.io.IOException;

/**
 * An RTMP listener: accepts TCP connections and runs a {@link ServerSession} on each. One instance per verticle
 * instance; Vert.x spreads the connections of a shared port over them, so each connection lives on one loop.
 */
public final class RtmpServer {
    private final Vertx vertx;
    private final RtmpServerOptions options;
    private final StreamHost streams;
    private final Authorizer authorizer;
    private final NodeStats stats;
    private NetServer server;

    public RtmpServer(Vertx vertx, RtmpServerOptions options, StreamHost streams, Authorizer authorizer,
                      NodeStats stats) {
        this.vertx = vertx;
        this.options = options;
        this.streams = streams;
        this.authorizer = authorizer;
        this.stats = stats;
    }

    /** Starts listening; the future holds the bound port (useful with port 0). */
    public Future<Integer> listen() {
        server = vertx.createNetServer(new NetServerOptions().setHost(options.host()).setPort(options.port()).setTcpNoDelay(true));
        server.connectHandler(this::accept);
        return server.listen().map(NetServer::actualPort).recover(e -> Future.failedFuture(new IOException(
                "RTMP listen on " + options.host() + ":" + options.port() + " failed: " + e.getMessage(), e)));
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void accept(NetSocket socket) {
        Context context = vertx.getOrCreateContext();
        ServerSession session = new ServerSession(streams, authorizer, options, stats, context);
        ConnectionOptions limits = options.connection();
        session.attach(RtmpConnection.accept(new NetSocketTransport(socket, limits.writeQueueMaxBytes(), stats.traffic()), limits,
                context, session));
    }
}
