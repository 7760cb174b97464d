package org.rtmpcluster.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.auth.Denied;
import org.rtmpcluster.auth.Grant;
import org.rtmpcluster.budget.ConnectionBudget;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.metering.MeteredSession;
import org.rtmpcluster.metering.SessionEvents;
import org.rtmpcluster.metering.SessionStart;
import org.rtmpcluster.rtmp.amf.AmfUndefined;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.UserControl;
import org.rtmpcluster.rtmp.net.CloseReason;
import org.rtmpcluster.rtmp.net.ConnectionHandler;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server side of one RTMP connection: what connect, createStream, publish, play and the rest do, as
 * real clients (ffmpeg, OBS, rtmpdump, Flash) send them. One explicit state for the connection and one per
 * NetStream. A NetStream's publish is {@link Publishing}'s, its play {@link Playing}'s; streams themselves come
 * from the role's {@link StreamHost}, and every connect, publish and play first passes the {@link Authorizer}.
 * {@link StreamNames} turns the names a client sends into keys; {@link Replies} is what the session answers.
 *
 * <p>Commands are handled one at a time in arrival order, even when a step (authorization, a cluster claim) is
 * asynchronous: each waits for the previous one, and a peer may queue only a bounded number meanwhile.
 */
public final class ServerSession implements ConnectionHandler {
    private static final int MAX_QUEUED_COMMANDS = 32;
    /** Enhanced RTMP's capsEx bit for "can reconnect on request", the one extended capability we use. */
    static final int CAPS_EX_RECONNECT = 1;

    enum State { AWAITING_CONNECT, CONNECTED, CLOSED }

    private final Authorizer authorizer;
    private final SessionEvents events;
    private final ConnectRedirect redirect;
    private final ConnectionOptions options;
    private final NodeStats stats;
    private final Context context;
    private final StreamNames names;
    private final Publishing publishing;
    private final Playing playing;
    private final Map<Integer, NetStream> streams = new HashMap<>();
    private RtmpConnection connection;
    private Replies replies;
    private State state = State.AWAITING_CONNECT;
    private String app;
    private String connectQuery;
    private String flashVer = "";
    /** The user the connect logged in as (authmod=adobe), or null. */
    private String user;
    /** Timers that end the session when an authorization runs out. */
    private final List<Long> expiries = new java.util.ArrayList<>();
    private int nextStreamId = 1;
    private Future<Void> queue = Future.succeededFuture();
    private int queued;
    /** The client announced Enhanced RTMP's reconnect capability in its connect. */
    private boolean canReconnect;
    /** Where to send the client once it is connected, when the node drains; null while it does not. */
    private DrainTargets draining;
    private boolean askedToReconnect;
    private Runnable whenClosed = () -> { };
    private final long connectTimeoutMillis;
    private ConnectionBudget.Ticket ticket;
    private long connectTimer = -1;
    /**
     * The connection's byte counts when its last metered session stopped: the next one counts from there, so each
     * byte of the connection (its handshake and connect too, for the first) is reported by one session.
     */
    private long meteredIn;
    private long meteredOut;

    public ServerSession(StreamHost host, Authorizer authorizer, ConnectRedirect redirect,
                         RtmpServerOptions serverOptions, NodeStats stats, Context context) {
        this(host, authorizer, SessionEvents.NONE, redirect, serverOptions, stats, context);
    }

    /** A session whose publishes and plays are reported to {@code events} (metering). */
    public ServerSession(StreamHost host, Authorizer authorizer, SessionEvents events, ConnectRedirect redirect,
                         RtmpServerOptions serverOptions, NodeStats stats, Context context) {
        this.events = events;
        this.connectTimeoutMillis = serverOptions.connectTimeoutMillis();
        this.authorizer = authorizer;
        this.redirect = redirect;
        this.options = serverOptions.connection();
        this.stats = stats;
        this.context = context;
        this.names = new StreamNames(options.maxNameLength());
        this.publishing = new Publishing(this, host, authorizer);
        this.playing = new Playing(this, host, authorizer, serverOptions.playerMaxLagMillis());
        stats.accepted.increment();
        stats.connections.incrementAndGet();
    }

    /** Binds the session to its connection (they are created together) and to its place in the node's count. */
    public void attach(RtmpConnection connection, ConnectionBudget.Ticket ticket) {
        this.connection = connection;
        this.ticket = ticket;
        this.replies = new Replies(connection);
    }

    // --- ConnectionHandler ---

    @Override
    public void onCommand(Command command) {
        if (++queued > MAX_QUEUED_COMMANDS) {
            connection.close(CloseReason.PROTOCOL_ERROR, "more than " + MAX_QUEUED_COMMANDS + " commands waiting");
            return;
        }
        queue = queue.eventually(() -> {
            queued--;
            if (state == State.CLOSED) {
                return Future.succeededFuture();
            }
            try {
                return handle(command);
            } catch (RuntimeException e) {
                connection.close(CloseReason.PROTOCOL_ERROR, "bad " + Replies.quote(command.name()) + ": " + e.getMessage());
                return Future.succeededFuture();
            }
        });
    }

    @Override
    public void onMedia(List<MediaMessage> batch) {
        // Media goes to the stream it was sent on; media for a stream that is not publishing is dropped (clients
        // may send some before publish is confirmed). The batch's payloads are ours: pushed on, or released.
        int streamId = batch.get(0).messageStreamId();
        boolean oneStream = batch.stream().allMatch(m -> m.messageStreamId() == streamId);
        if (oneStream) {
            NetStream s = streams.get(streamId);
            if (s != null && s.publication != null) {
                s.publication.push(batch);
            } else {
                batch.forEach(m -> m.payload().release());
            }
            return;
        }
        batch.forEach(m -> onMedia(List.of(m)));
    }

    @Override
    public void onUserControl(UserControl event) {
        // Set Buffer Length and friends need no action for live streams.
    }

    @Override
    public void onOpen() {
        stats.timings().handshake(connection.handshakeNanos());
        // Without a deadline, a peer sending a byte now and then would hold a session that never connects.
        connectTimer = context.owner().setTimer(connectTimeoutMillis, id -> {
            if (state == State.AWAITING_CONNECT && app == null) { // a connect being authorized is not late
                connection.close(CloseReason.CONNECT_TIMEOUT, "no connect within " + connectTimeoutMillis
                        + " ms of the handshake");
            }
        });
    }

    @Override
    public void onClose(String reason) {
        state = State.CLOSED;
        context.owner().cancelTimer(connectTimer);
        expiries.forEach(context.owner()::cancelTimer);
        ticket.close();
        stats.connections.decrementAndGet();
        stats.closed(connection.closeReason(), isPlaying());
        List.copyOf(streams.values()).forEach(this::stop);
        streams.clear();
        whenClosed.run();
    }

    /** Runs {@code action} once the connection has closed (the listener forgets the session then). */
    void whenClosed(Runnable action) {
        this.whenClosed = action;
    }

    // --- drain ---

    /**
     * The node drains: the connection stays until it closes or the drain's deadline. A client that announced it can
     * reconnect is asked to move to one of {@code targets} (now, or once it has connected); others hear nothing.
     */
    void drain(DrainTargets targets) {
        draining = targets;
        connection.draining();
        askToReconnect();
    }

    /** The drain's deadline passed with the connection still open. */
    void closeDrained(String reason) {
        connection.close(CloseReason.DRAINED, reason);
    }

    private void askToReconnect() {
        if (draining != null) {
            askToReconnect(draining, "This server is draining");
        }
    }

    /**
     * Asks the client to move to one of {@code targets} if it announced it can and has not been asked yet; true
     * when it was asked. A rebalancing edge uses it for players beyond its capacity.
     */
    boolean askToReconnect(DrainTargets targets, String why) {
        if (!canReconnect || state != State.CONNECTED || askedToReconnect) {
            return false;
        }
        String spreadKey = streams.values().stream().filter(s -> s.key != null).map(s -> s.key.toString())
                .findFirst().orElse(connection.remoteAddress());
        String tcUrl = targets.tcUrl(app, connectQuery, spreadKey);
        if (tcUrl == null) {
            return false;
        }
        askedToReconnect = true;
        replies.send(Status.reconnectRequest(tcUrl, why + ": reconnect to " + tcUrl + "."));
        return true;
    }

    /** Whether the connection plays a stream now. */
    boolean isPlaying() {
        return streams.values().stream().anyMatch(s -> s.subscriber != null);
    }

    // --- commands ---

    private Future<Void> handle(Command c) {
        if (state == State.AWAITING_CONNECT && !c.name().equals("connect")) {
            connection.close(CloseReason.PROTOCOL_ERROR, "'" + Replies.quote(c.name()) + "' before connect");
            return done();
        }
        return switch (c.name()) {
            case "connect" -> connect(c);
            case "createStream" -> createStream(c);
            case "releaseStream", "FCPublish", "FCUnpublish", "FCSubscribe", "getStreamLength" -> {
                // Encoders send these around publish; an empty result is what they wait for (if anything).
                replies.result(c, c.name().equals("getStreamLength") ? 0.0 : AmfUndefined.INSTANCE);
                yield done();
            }
            case "publish" -> onCreatedStream(c, s -> publishing.publish(c, s));
            case "play" -> onCreatedStream(c, s -> {
                if (s.state != NetStream.State.IDLE) {
                    stop(s);
                }
                return playing.play(c, s);
            });
            case "play2" -> refuse(c, Status.PLAY_FAILED, "play2 is not supported for live streams");
            case "seek" -> refuse(c, Status.SEEK_FAILED, "seek is not supported for live streams");
            case "pause", "pauseRaw" -> onStream(c, s -> playing.pause(c, s));
            case "receiveAudio", "receiveVideo" -> onStream(c, s -> playing.receive(c, s));
            case "deleteStream" -> {
                NetStream s = streams.remove((int) c.numberArg(0, -1));
                if (s != null) {
                    stop(s);
                }
                yield done();
            }
            case "closeStream" -> onStream(c, s -> {
                stop(s);
                return done();
            });
            case "_result", "_error", "onBWDone", "_checkbw", "onStatus" -> done();
            default -> {
                if (c.transactionId() != 0) {
                    replies.error(c, Status.CALL_FAILED, "unknown command '" + Replies.quote(c.name()) + "'");
                }
                yield done();
            }
        };
    }

    private Future<Void> connect(Command c) {
        if (state != State.AWAITING_CONNECT) {
            connection.close(CloseReason.PROTOCOL_ERROR, "connect sent twice");
            return done();
        }
        String asked = c.property("app") instanceof String s ? s : "";
        StreamNames.Requested requested = StreamNames.Requested.parse(asked);
        app = names.app(requested);
        connectQuery = requested.queryOr("");
        canReconnect = (capsEx(c) & CAPS_EX_RECONNECT) != 0;
        flashVer = c.property("flashVer") instanceof String f ? f : "";
        if (app == null) {
            return reject(c, "invalid app name '" + Replies.quote(asked) + "'");
        }
        connection.label(connection.remoteAddress() + " " + app);
        return onLoop(authorizer.authorize(new AuthRequest(AuthRequest.Action.CONNECT, app, null, connectQuery,
                        connection.remoteHost(), connection.remoteAddress(), flashVer, null)))
                .compose(grant -> {
                    if ("password".equals(grant.scheme())) {
                        user = grant.subject();
                    }
                    expireAt(grant, "connection");
                    return onLoop(redirect.target(app, connectQuery));
                })
                .transform(ar -> {
                    if (ar.failed() && ar.cause() instanceof Denied d && d.isChallenge()) {
                        // A login step (authmod=adobe), not a failure: the nonces it carries stay out of the log.
                        replies.error(c, Status.CONNECT_REJECTED, d.getMessage());
                        connection.close(CloseReason.REJECTED, "connect asked to log in (authmod=adobe)");
                        return done();
                    }
                    if (ar.failed()) {
                        return reject(c, ar.cause().getMessage());
                    }
                    if (ar.result() != null) {
                        return redirect(c, ar.result());
                    }
                    state = State.CONNECTED;
                    context.owner().cancelTimer(connectTimer);
                    ticket.connected();
                    replies.connected(c, options.windowAckSize(), canReconnect ? CAPS_EX_RECONNECT : 0);
                    askToReconnect(); // connected while the node drains
                    return done();
                });
    }

    /** Closes the connection as the node stops (its sessions' stop events queue before the node goes). */
    void closeForShutdown() {
        connection.close(CloseReason.SHUTDOWN, "node shutting down");
    }

    /** The connect's Enhanced RTMP capsEx bits (0 when absent); Red5 spells it CapsEx. */
    private static int capsEx(Command c) {
        Object value = c.property("capsEx");
        if (value == null) {
            value = c.property("CapsEx");
        }
        return value instanceof Number n ? (int) n.doubleValue() : 0;
    }

    private Future<Void> redirect(Command c, String tcUrl) {
        replies.redirect(c, tcUrl, connectQuery);
        connection.close(CloseReason.REJECTED, "connect redirected to " + tcUrl);
        return done();
    }

    private Future<Void> reject(Command c, String why) {
        replies.error(c, Status.CONNECT_REJECTED, why);
        connection.close(CloseReason.REJECTED, "connect rejected: " + why);
        return done();
    }

    private Future<Void> createStream(Command c) {
        if (streams.size() >= options.maxStreamsPerConnection()) {
            connection.close(CloseReason.PROTOCOL_ERROR, "more than " + options.maxStreamsPerConnection() + " streams on one connection");
            return done();
        }
        int id = nextStreamId++;
        streams.put(id, new NetStream(id));
        replies.result(c, (double) id);
        return done();
    }

    private Future<Void> refuse(Command c, String code, String why) {
        return onStream(c, s -> {
            replies.status(s, code, why);
            return done();
        });
    }

    /** Ends whatever the NetStream does: unpublishes or stops playing. */
    void stop(NetStream s) {
        publishing.stop(s);
        playing.stop(s);
        s.state = NetStream.State.IDLE;
    }

    // --- metering ---

    /** A publish or play of {@code s} started under {@code grant}: metering hears of it. */
    void metered(NetStream s, String action, Grant grant) {
        long baseIn = meteredIn;
        long baseOut = meteredOut;
        RtmpConnection c = connection;
        s.metered = events.started(new SessionStart(action, s.key, c.remoteAddress(), grant, context,
                () -> c.bytesIn() - baseIn, () -> c.bytesOut() - baseOut,
                // An update refused: the receiver ended the session, as authorization running out would.
                why -> context.runOnContext(v -> c.close(CloseReason.AUTH_EXPIRED, why))));
    }

    /**
     * The publish or play of {@code s} stopped: metering hears why (the close reason; else the stream's end, or the
     * client's own stop).
     */
    void meteredStopped(NetStream s) {
        if (s.metered == null) {
            return;
        }
        CloseReason closed = connection.closeReason();
        s.metered.stopped(closed != null ? closed.label() : s.stopReason != null ? s.stopReason : "stopped");
        s.metered = null;
        meteredIn = connection.bytesIn();
        meteredOut = connection.bytesOut();
    }

    /** The played stream ended for good (its publisher left and did not come back): the play stops. */
    void streamEnded(NetStream s) {
        s.stopReason = "stream_ended";
        stop(s);
        s.stopReason = null;
    }

    // --- what Publishing and Playing read of the session ---

    NodeStats stats() {
        return stats;
    }

    Replies replies() {
        return replies;
    }

    RtmpConnection connection() {
        return connection;
    }

    Context context() {
        return context;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The key a publish or play of {@code requested} names in this connection's app; null when not valid. */
    StreamKey key(String requested) {
        return names.key(app, requested);
    }

    AuthRequest auth(AuthRequest.Action action, String requested) {
        return StreamNames.auth(action, app, requested, connectQuery, connection.remoteHost(),
                connection.remoteAddress(), flashVer, user);
    }

    /**
     * Ends the session when {@code grant} runs out (a webhook's lifetime, a token's expiry when sessions are cut at
     * it): the client hears nothing more than a closed connection, as when a ticket's time is up.
     */
    void expireAt(Grant grant, String what) {
        if (grant.expiresAtMillis() == 0 || state == State.CLOSED) {
            return;
        }
        long delay = Math.max(1, grant.expiresAtMillis() - System.currentTimeMillis());
        expiries.add(context.owner().setTimer(delay, id -> connection.close(CloseReason.AUTH_EXPIRED,
                what + " authorization ended (" + grant.scheme() + ")")));
    }

    /**
     * Authorization refused a publish or play: the client hears {@code code} with the reason (before anything
     * started), the node logs one line, and the connection closes.
     */
    void unauthorized(NetStream s, String code, String action, Throwable why) {
        String reason = why instanceof Denied ? why.getMessage()
                : "authorization unavailable: " + why.getMessage(); // fail closed
        replies.status(s, code, reason);
        connection.close(CloseReason.REJECTED, action + " of " + s.key + " refused: " + reason);
    }

    // --- helpers ---

    /**
     * Runs a publish or play on the NetStream its message stream id names; a client that skipped createStream is
     * closed.
     */
    private Future<Void> onCreatedStream(Command c, Function<NetStream, Future<Void>> action) {
        NetStream s = streams.get(c.messageStreamId());
        if (s == null) {
            connection.close(CloseReason.PROTOCOL_ERROR, "'" + Replies.quote(c.name()) + "' on message stream " + c.messageStreamId()
                    + " that was not created");
            return done();
        }
        return action.apply(s);
    }

    /** Runs a command on the NetStream its message stream id names; nothing happens when there is none. */
    private Future<Void> onStream(Command c, Function<NetStream, Future<Void>> action) {
        NetStream s = streams.get(c.messageStreamId());
        return s == null ? done() : action.apply(s);
    }

    /**
     * {@code answer} completed on this session's loop: the authorizer and the role's host may answer on another
     * (an edge's pull answers on its own), and everything that follows touches the session and its connection.
     */
    <T> Future<T> onLoop(Future<T> answer) {
        io.vertx.core.Promise<T> here = io.vertx.core.Promise.promise();
        answer.onComplete(ar -> {
            if (io.vertx.core.Vertx.currentContext() == context) {
                here.handle(ar);
            } else {
                context.runOnContext(v -> here.handle(ar));
            }
        });
        return here.future();
    }

    static Future<Void> done() {
        return Future.succeededFuture();
    }
}
