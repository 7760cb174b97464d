package org.rtmpcluster.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.rtmpcluster.budget.MemoryBudget;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.net.ConnectionHandler;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.NetSocketTransport;
import org.rtmpcluster.rtmp.net.Traffic;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The client side of RTMP: connect to a server's app, then play or publish one stream. An edge pulls from an
 * origin with it, and tests drive servers with it. Everything the server sends is untrusted input and goes through
 * the same bounded decoders as on the server side.
 *
 * <p>Use from one event loop: {@link #connect} on it, then every call and callback happens there.
 */
public final class RtmpClient implements ConnectionHandler {
    private static final System.Logger LOG = System.getLogger(RtmpClient.class.getName());
    private static final double CONNECT_TRANSACTION = 1;
    private static final int OUT_CHUNK_SIZE = 4096;
    private static final long BUFFER_LENGTH_MILLIS = 3000;
    private static final int TCP_CONNECT_TIMEOUT_MILLIS = 5000;
    /** A connect with no deadline of its own, only the TCP connect's and the handshake's. */
    private static final long NO_DEADLINE = 0;
    private static final Map<Vertx, NetClient> NET_CLIENTS = new WeakHashMap<>();
    /** Enhanced RTMP capsEx: we can reconnect when the server asks ({@link #reconnectHandler}). */
    private static final double CAPS_EX_RECONNECT = 1;
    private static final String RECONNECT_REQUEST = "NetConnection.Connect.ReconnectRequest";
    /** RTMP redirects followed per connect: enough for an edge that sends us on once, bounded against loops. */
    private static final int MAX_REDIRECTS = 3;

    enum State { CONNECTING, CONNECTED, CLOSED }

    private final Promise<RtmpClient> connected = Promise.promise();
    private final Map<Double, Promise<Command>> pending = new HashMap<>();
    private final String app;
    private final String tcUrl;
    private final RtmpUrl url;
    private RtmpConnection connection;
    private volatile State state = State.CONNECTING;
    private double nextTransaction = CONNECT_TRANSACTION + 1;
    private int streamId;
    private Promise<Void> streamStart;
    private Handler<List<MediaMessage>> mediaHandler = batch -> { };
    private Handler<String> statusHandler = code -> { };
    private Handler<String> closeHandler = reason -> { };
    private Handler<RtmpUrl> reconnectHandler = url -> { };

    private final Context context;

    private RtmpClient(RtmpUrl url, Context context) {
        this.url = url;
        this.app = url.appWithQuery();
        this.tcUrl = url.tcUrl();
        this.context = context;
    }

    /** The event loop the client lives on. */
    public Context context() {
        return context;
    }

    /** Connects to {@code rtmp://host:port/app}; the future completes on NetConnection.Connect.Success. */
    public static Future<RtmpClient> connect(Vertx vertx, String host, int port, String app, ConnectionOptions options) {
        return connect(vertx, host, port, app, options, Traffic.NONE);
    }

    /**
     * As {@link #connect(Vertx, String, int, String, ConnectionOptions)}, counting the bytes in {@code traffic}. A
     * server that redirects the connect (NetConnection.Connect.Rejected with {@code ex.code} 302, as an edge over
     * capacity does) is followed, up to {@value #MAX_REDIRECTS} times. Only the TCP connect and the handshake are
     * bounded here: a server that completes the handshake and never answers {@code connect} (while it pings, the
     * idle timeout never fires) holds the client until it closes. A caller that cannot wait uses
     * {@link #connect(Vertx, String, int, String, ConnectionOptions, Traffic, long)}.
     */
    public static Future<RtmpClient> connect(Vertx vertx, String host, int port, String app, ConnectionOptions options,
                                             Traffic traffic) {
        return connect(vertx, parse(host, port, app), options, traffic, NO_DEADLINE, MAX_REDIRECTS,
                MemoryBudget.UNLIMITED);
    }

    /**
     * As {@link #connect(Vertx, String, int, String, ConnectionOptions, Traffic)}, giving each server (the first,
     * and each one a redirect names) {@code timeoutMillis} from the TCP connect to its answer to {@code connect}:
     * past it, the connection closes with the reason and the future fails.
     */
    public static Future<RtmpClient> connect(Vertx vertx, String host, int port, String app, ConnectionOptions options,
                                             Traffic traffic, long timeoutMillis) {
        return connect(vertx, host, port, app, options, traffic, timeoutMillis, MemoryBudget.UNLIMITED);
    }

    /**
     * As {@link #connect(Vertx, String, int, String, ConnectionOptions, Traffic, long)}, holding what the server
     * sends (partial messages) within the node's {@code memory} budget: a server is a peer like any other.
     */
    public static Future<RtmpClient> connect(Vertx vertx, String host, int port, String app, ConnectionOptions options,
                                             Traffic traffic, long timeoutMillis, MemoryBudget memory) {
        return connect(vertx, parse(host, port, app), options, traffic, Math.max(1, timeoutMillis), MAX_REDIRECTS,
                memory);
    }

    private static RtmpUrl parse(String host, int port, String app) {
        int q = app.indexOf('?');
        return new RtmpUrl(host, port, q < 0 ? app : app.substring(0, q), q < 0 ? "" : app.substring(q + 1));
    }

    private static Future<RtmpClient> connect(Vertx vertx, RtmpUrl url, ConnectionOptions options, Traffic traffic,
                                              long timeoutMillis, int redirectsLeft, MemoryBudget memory) {
        Context context = vertx.getOrCreateContext();
        RtmpClient client = new RtmpClient(url, context);
        String host = url.host();
        int port = url.port();
        long deadline = timeoutMillis == NO_DEADLINE ? -1
                : vertx.setTimer(timeoutMillis, id -> context.runOnContext(v -> client.giveUp(timeoutMillis)));
        netClient(vertx).connect(port, host)
                .onSuccess(socket -> context.runOnContext(v -> {
                    if (client.connected.future().isComplete()) {
                        socket.close(); // gave up before the TCP connect completed
                        return;
                    }
                    client.connection = RtmpConnection.connect(new NetSocketTransport(socket,
                            options.writeQueueMaxBytes(), traffic), options, context, client, memory);
                    client.connection.label("upstream " + client.tcUrl);
                }))
                .onFailure(client.connected::tryFail);
        return client.connected.future().onComplete(ar -> vertx.cancelTimer(deadline)).recover(e -> {
            if (e instanceof Redirected r && redirectsLeft > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} redirected us to {1}", url.tcUrl(), r.to.tcUrl());
                return connect(vertx, r.to, options, traffic, timeoutMillis, redirectsLeft - 1, memory);
            }
            return Future.failedFuture(e);
        });
    }

    /** The server took longer than {@code timeoutMillis} to answer our connect: stop waiting for it. */
    private void giveUp(long timeoutMillis) {
        String reason = "no answer to connect within " + timeoutMillis + " ms";
        if (connected.tryFail(reason) && connection != null) {
            connection.close(reason);
        }
    }

    /** A connect the server answered with an RTMP redirect. */
    static final class Redirected extends RuntimeException {
        final RtmpUrl to;

        Redirected(RtmpUrl to) {
            super("connect redirected to " + to.tcUrl(), null, false, false);
            this.to = to;
        }
    }

    /** One TCP client per Vert.x instance, shared by all RTMP clients on it (Vert.x closes it with the instance). */
    private static NetClient netClient(Vertx vertx) {
        synchronized (NET_CLIENTS) {
            return NET_CLIENTS.computeIfAbsent(vertx, v -> v.createNetClient(
                    new NetClientOptions().setTcpNoDelay(true)
                            .setConnectTimeout(TCP_CONNECT_TIMEOUT_MILLIS)));
        }
    }

    /**
     * Media the server sends on the played stream, a batch per read. The payloads are lent for the call: the client
     * releases them when the handler returns, so a handler that keeps one retains it.
     */
    public RtmpClient mediaHandler(Handler<List<MediaMessage>> handler) {
        this.mediaHandler = handler;
        return this;
    }

    /** Every onStatus code on the stream (Play.UnpublishNotify, Play.PublishNotify, ...). */
    public RtmpClient statusHandler(Handler<String> handler) {
        this.statusHandler = handler;
        return this;
    }

    /**
     * Called when the server asks us to move (Enhanced RTMP's {@code NetConnection.Connect.ReconnectRequest}, which
     * a draining server sends), with where to: the request's tcUrl, resolved against ours, or ours when it named
     * none. A tcUrl that is not a valid rtmp URL is ignored. Moving is the caller's part: this connection stays
     * until closed.
     */
    public RtmpClient reconnectHandler(Handler<RtmpUrl> handler) {
        this.reconnectHandler = handler;
        return this;
    }

    /** Where this client is connected. */
    public RtmpUrl url() {
        return url;
    }

    /** Called once when the connection closes, with the reason. */
    public RtmpClient closeHandler(Handler<String> handler) {
        this.closeHandler = handler;
        return this;
    }

    /** Plays {@code name}; completes on NetStream.Play.Start, fails with the status code otherwise. */
    public Future<Void> play(String name) {
        return createStream().compose(id -> {
            streamStart = Promise.promise();
            connection.send(Messages.command(id, "play", 0, null, name, -1000.0));
            connection.send(Messages.setBufferLength(id, BUFFER_LENGTH_MILLIS));
            return streamStart.future();
        });
    }

    /**
     * As {@link #play(String)}, giving the server {@code timeoutMillis} to answer (createStream, then play): past
     * it, the future fails; the connection stays for the caller to close.
     */
    public Future<Void> play(String name, long timeoutMillis) {
        Promise<Void> answered = Promise.promise();
        Vertx vertx = context.owner();
        long deadline = vertx.setTimer(Math.max(1, timeoutMillis),
                id -> answered.tryFail("no answer to play within " + timeoutMillis + " ms"));
        play(name).onComplete(ar -> {
            vertx.cancelTimer(deadline);
            if (ar.succeeded()) {
                answered.tryComplete();
            } else {
                answered.tryFail(ar.cause());
            }
        });
        return answered.future();
    }

    /** Publishes {@code name} live; completes on NetStream.Publish.Start, fails with the status code otherwise. */
    public Future<Void> publish(String name) {
        return createStream().compose(id -> {
            streamStart = Promise.promise();
            connection.send(Messages.command(id, "publish", 0, null, name, "live"));
            return streamStart.future();
        });
    }

    /** Sends a media message on the published stream; takes ownership of its payload. */
    public void send(MediaMessage m) {
        connection.sendMedia(Messages.media(m, streamId));
    }

    /**
     * Sends media already chunk-encoded at the client's chunk size (4096) for its stream id: a stream's shared
     * fan-out bytes, forwarded as they are. Takes ownership of {@code wireBytes}; they go out at {@link #flush()}.
     */
    public void sendShared(io.netty.buffer.ByteBuf wireBytes) {
        connection.sendShared(wireBytes);
    }

    /** Sends what {@link #sendShared} queued. */
    public void flush() {
        connection.flush();
    }

    /** The message stream id of the played or published stream (0 before createStream). */
    public int streamId() {
        return streamId;
    }

    public boolean writeQueueFull() {
        return connection.writeQueueFull();
    }

    /** Whether the connection has closed (either side). Any thread. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    public Future<Void> close() {
        return connection == null ? Future.succeededFuture() : connection.close("client closed");
    }

    /**
     * Creates the NetStream that {@link #play}, {@link #publish} and {@link #streamCommand} use; the future holds its
     * message stream id. Alone, it lets a caller send {@code play} itself and hang up before the answer, as a
     * player that gives up at once does.
     */
    public Future<Integer> createStream() {
        return call("createStream").compose(result -> {
            if (!(result.arg(0) instanceof Number id) || id.intValue() <= 0) {
                return Future.failedFuture("createStream returned " + PeerText.printable(result.arg(0)));
            }
            streamId = id.intValue();
            return Future.succeededFuture(streamId);
        });
    }

    /**
     * Calls a NetConnection method and waits for its answer: the future holds the {@code _result}, or fails with
     * "_error" and the status code.
     */
    public Future<Command> call(String name, Object... args) {
        if (state != State.CONNECTED) {
            return Future.failedFuture("not connected");
        }
        double transaction = nextTransaction++;
        Promise<Command> result = Promise.promise();
        pending.put(transaction, result);
        connection.send(Messages.command(0, name, transaction, null, args));
        return result.future();
    }

    /** Sends a NetStream command on the played or published stream (pause, seek, receiveAudio, ...). */
    public void streamCommand(String name, Object... args) {
        connection.send(Messages.command(streamId, name, 0, null, args));
    }

    // --- ConnectionHandler ---

    @Override
    public void onOpen() {
        connection.send(Messages.setChunkSize(OUT_CHUNK_SIZE));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app", app);
        properties.put("type", "nonprivate");
        properties.put("flashVer", "LNX 9,0,124,2");
        properties.put("tcUrl", tcUrl);
        properties.put("fpad", false);
        properties.put("capabilities", 15.0);
        properties.put("audioCodecs", 4071.0);
        properties.put("videoCodecs", 252.0);
        properties.put("videoFunction", 1.0);
        properties.put("objectEncoding", 0.0);
        properties.put("capsEx", CAPS_EX_RECONNECT);
        connection.send(Messages.command(0, "connect", CONNECT_TRANSACTION, properties));
    }

    @Override
    public void onCommand(Command c) {
        switch (c.name()) {
            case "_result", "_error" -> onResult(c);
            case "onStatus" -> onStatus(c);
            default -> {
                // onBWDone, |RtmpSampleAccess and the like need no answer.
            }
        }
    }

    private void onResult(Command c) {
        boolean ok = c.name().equals("_result");
        if (c.transactionId() == CONNECT_TRANSACTION && state == State.CONNECTING) {
            if (ok) {
                state = State.CONNECTED;
                connected.tryComplete(this);
            } else {
                RtmpUrl to = redirectOf(c.arg(0));
                connected.tryFail(to != null ? new Redirected(to) : new IllegalStateException(
                        "connect refused: " + codeOf(c.arg(0))));
                connection.close(to != null ? "connect redirected" : "connect refused");
            }
            return;
        }
        Promise<Command> p = pending.remove(c.transactionId());
        if (p != null) {
            if (ok) {
                p.complete(c);
            } else {
                p.fail(c.name() + " " + codeOf(c.arg(0)));
            }
        }
    }

    private void onStatus(Command c) {
        String code = codeOf(c.arg(0));
        if (code.equals(RECONNECT_REQUEST)) {
            onReconnectRequest(c.arg(0) instanceof Map<?, ?> info ? info.get("tcUrl") : null);
            return;
        }
        statusHandler.handle(code);
        if (streamStart == null) {
            return;
        }
        if (code.equals("NetStream.Play.Start") || code.equals("NetStream.Publish.Start")) {
            streamStart.tryComplete();
        } else if (c.arg(0) instanceof Map<?, ?> info && "error".equals(info.get("level"))) {
            streamStart.tryFail(code);
        }
    }

    private void onReconnectRequest(Object target) {
        RtmpUrl to = target == null ? url : target instanceof String s ? RtmpUrl.parse(s, url) : null;
        if (to == null) {
            LOG.log(System.Logger.Level.WARNING, "{0} asked us to reconnect to an invalid tcUrl {1}: ignored",
                    tcUrl, PeerText.printable(target));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "{0} asks us to reconnect to {1}", tcUrl, to.tcUrl());
        reconnectHandler.handle(to);
    }

    @Override
    public void onMedia(List<MediaMessage> batch) {
        try {
            mediaHandler.handle(batch);
        } finally {
            batch.forEach(m -> m.payload().release());
        }
    }

    @Override
    public void onClose(String reason) {
        state = State.CLOSED;
        connected.tryFail("closed: " + reason);
        if (streamStart != null) {
            streamStart.tryFail("closed: " + reason);
        }
        pending.values().forEach(p -> p.tryFail("closed: " + reason));
        pending.clear();
        closeHandler.handle(reason);
    }

    /** Where a refused connect's {@code ex} redirects us (code 302 and a valid rtmp URL), or null. */
    private RtmpUrl redirectOf(Object info) {
        if (info instanceof Map<?, ?> m && m.get("ex") instanceof Map<?, ?> ex
                && ex.get("code") instanceof Number code && code.intValue() == 302) {
            Object target = ex.get("redirect2") instanceof String full ? full : ex.get("redirect");
            return target instanceof String s ? RtmpUrl.parse(s, url) : null;
        }
        return null;
    }

    /** The status code the server sent, made printable at once: it reaches log lines and error messages. */
    private static String codeOf(Object info) {
        return PeerText.printable(info instanceof Map<?, ?> m && m.get("code") instanceof String code ? code : info);
    }
}
