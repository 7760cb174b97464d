package org.rtmpcluster.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.budget.Budgets;
import org.rtmpcluster.budget.ConnectionBudget;
import org.rtmpcluster.metering.SessionEvents;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.NetSocketTransport;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An RTMP listener: accepts TCP connections and runs a {@link ServerSession} on each. One instance per verticle
 * instance; Vert.x spreads the connections of a shared port over them, so each connection lives on one loop.
 */
public final class RtmpServer {
    /** After a drain's deadline, how long the listener waits for the connections it closed to go. */
    private static final long DRAIN_CLOSE_GRACE_MILLIS = 2000;

    private final Vertx vertx;
    private final RtmpServerOptions options;
    private final StreamHost streams;
    private final Authorizer authorizer;
    private final ConnectRedirect redirect;
    private final NodeStats stats;
    private final RtmpListeners listeners;
    private final Budgets budgets;
    private final RefusalLog refusals;
    private SessionEvents events = SessionEvents.NONE;
    /** Written on this server's loop, read from any thread (counts). */
    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private Context context;
    private DrainTargets draining;

    public RtmpServer(Vertx vertx, RtmpServerOptions options, StreamHost streams, Authorizer authorizer,
                      ConnectRedirect redirect, NodeStats stats, RtmpListeners listeners, Budgets budgets) {
        this.vertx = vertx;
        this.options = options;
        this.streams = streams;
        this.authorizer = authorizer;
        this.redirect = redirect;
        this.stats = stats;
        this.listeners = listeners;
        this.budgets = budgets;
        this.refusals = new RefusalLog(options.host() + ":" + options.port());
    }

    /** Reports this listener's publishes and plays to {@code events} (metering); before {@link #listen}. */
    public RtmpServer meteredBy(SessionEvents events) {
        this.events = events;
        return this;
    }

    /** Starts listening, on the caller's event loop; the future holds the bound port (useful with port 0). */
    public Future<Integer> listen() {
        context = vertx.getOrCreateContext();
        server = vertx.createNetServer(new NetServerOptions().setHost(options.host()).setPort(options.port()).setTcpNoDelay(true));
        server.connectHandler(this::accept);
        return server.listen().map(NetServer::actualPort)
                .onSuccess(port -> listeners.add(this))
                .recover(e -> Future.failedFuture(new IOException(
                        "RTMP listen on " + options.host() + ":" + options.port() + " failed: " + e.getMessage(), e)));
    }

    public Future<Void> close() {
        listeners.remove(this);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /**
     * Stops taking connections and lets the open ones finish: clients that can move are asked to (to a node of
     * {@code targets}), the others keep playing or publishing until they leave or {@code timeoutMillis} passes, when
     * they are closed. Completes once every connection has closed.
     */
    Future<Void> drain(DrainTargets targets, long timeoutMillis) {
        Promise<Void> drained = Promise.promise();
        context.runOnContext(v -> {
            if (draining != null) {
                drained.complete(); // drained already
                return;
            }
            draining = targets;
            sessions.forEach(s -> s.drain(targets));
            long deadline = vertx.setTimer(Math.max(1, timeoutMillis), id -> List.copyOf(sessions).forEach(s -> s.closeDrained(
                    "node drained: still connected after the drain timeout (" + timeoutMillis + " ms)")));
            // Unbinds now; the connections stay (they are draining), and the future completes once all have closed.
            server.shutdown(timeoutMillis + DRAIN_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).onComplete(ar -> {
                vertx.cancelTimer(deadline);
                drained.complete();
            });
        });
        return drained.future();
    }

    /**
     * Asks up to {@code max} players that can reconnect (and were not asked before) to move to one of
     * {@code targets}; the future holds how many were asked.
     */
    Future<Integer> rebalance(DrainTargets targets, int max) {
        Promise<Integer> asked = Promise.promise();
        context.runOnContext(v -> {
            int n = 0;
            for (ServerSession s : sessions) {
                if (n >= max) {
                    break;
                }
                if (s.isPlaying() && s.askToReconnect(targets, "This edge is over its capacity")) {
                    n++;
                }
            }
            asked.complete(n);
        });
        return asked.future();
    }

    /**
     * Closes every connection now ({@link org.rtmpcluster.rtmp.net.CloseReason#SHUTDOWN}), on this listener's loop:
     * once the future completes, their sessions have ended and told metering so.
     */
    Future<Void> closeSessions() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            List.copyOf(sessions).forEach(ServerSession::closeForShutdown);
            closed.complete();
        });
        return closed.future();
    }

    /** Connections open now. Any thread. */
    int connections() {
        return sessions.size();
    }

    private void accept(NetSocket socket) {
        String host = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
        ConnectionBudget.Admission admission = budgets.connections().admit(host);
        if (!admission.admitted()) {
            // Closed before the handshake: a flood costs an accept and a close, and one log line in a while.
            stats.countRefused(admission.refusal());
            refusals.refused(admission.refusal(), host);
            socket.close();
            return;
        }
        ServerSession session = new ServerSession(streams, authorizer, events, redirect, options, stats,
                context);
        ConnectionOptions limits = options.connection();
        session.attach(RtmpConnection.accept(new NetSocketTransport(socket, limits.writeQueueMaxBytes(),
                stats.traffic()), limits, context, session, budgets.memory()), admission.ticket());
        sessions.add(session);
        session.whenClosed(() -> sessions.remove(session));
        if (draining != null) {
            session.drain(draining); // accepted as the listener stopped
        }
    }
}
