package org.rtmpcluster.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.SharedMessage;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.Subscriber;
import org.rtmpcluster.rtmp.amf.AmfUndefined;
import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.message.SetPeerBandwidth;
import org.rtmpcluster.rtmp.message.UserControl;
import org.rtmpcluster.rtmp.net.ConnectionHandler;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of one RTMP connection: what connect, createStream, publish, play and the rest do, as
 * real clients (ffmpeg, OBS, rtmpdump, Flash) send them. One explicit state for the connection and one per
 * NetStream. Streams themselves come from the role's {@link StreamHost}; every connect, publish and play first
 * passes the {@link Authorizer}.
 *
 * <p>Commands are handled one at a time in arrival order, even when a step (authorization, a cluster claim) is
 * asynchronous: each waits for the previous one, and a peer may queue only a bounded number meanwhile.
 */
public final class ServerSession implements ConnectionHandler {
    private static final int MAX_QUEUED_COMMANDS = 32;
    private static final long PEER_BANDWIDTH = 2_500_000;

    enum State { AWAITING_CONNECT, CONNECTED, CLOSED }

    private final StreamHost host;
    private final Authorizer authorizer;
    private final ConnectionOptions options;
    private final long playerMaxLagMillis;
    private final NodeStats stats;
    private final Context context;
    private final Map<Integer, NetStream> streams = new HashMap<>();
    private RtmpConnection connection;
    private State state = State.AWAITING_CONNECT;
    private String app;
    private String connectQuery;
    private int nextStreamId = 1;
    private Future<Void> queue = Future.succeededFuture();
    private int queued;

    public ServerSession(StreamHost host, Authorizer authorizer, RtmpServerOptions serverOptions, NodeStats stats,
                         Context context) {
        this.host = host;
        this.authorizer = authorizer;
        this.options = serverOptions.connection();
        this.playerMaxLagMillis = serverOptions.playerMaxLagMillis();
        this.stats = stats;
        this.context = context;
        stats.accepted.increment();
        stats.connections.incrementAndGet();
    }

    /** Binds the session to its connection (they are created together). */
    public void attach(RtmpConnection connection) {
        this.connection = connection;
    }

    // --- ConnectionHandler ---

    @Override
    public void onCommand(Command command) {
        if (++queued > MAX_QUEUED_COMMANDS) {
            connection.close("more than " + MAX_QUEUED_COMMANDS + " commands waiting");
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
                connection.close("bad " + clip(command.name()) + ": " + e.getMessage());
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
    public void onClose(String reason) {
        state = State.CLOSED;
        stats.connections.decrementAndGet();
        List.copyOf(streams.values()).forEach(this::stop);
        streams.clear();
    }

    // --- commands ---

    private Future<Void> handle(Command c) {
        if (state == State.AWAITING_CONNECT && !c.name().equals("connect")) {
            connection.close("'" + clip(c.name()) + "' before connect");
            return Future.succeededFuture();
        }
        return switch (c.name()) {
            case "connect" -> connect(c);
            case "createStream" -> createStream(c);
            case "releaseStream", "FCPublish", "FCUnpublish", "FCSubscribe", "getStreamLength" -> {
                // Encoders send these around publish; an empty result is what they wait for (if anything).
                result(c, c.name().equals("getStreamLength") ? 0.0 : AmfUndefined.INSTANCE);
                yield done();
            }
            case "publish" -> publish(c);
            case "play" -> play(c);
            case "play2" -> refuse(c, Status.PLAY_FAILED, "play2 is not supported for live streams");
            case "seek" -> refuse(c, Status.SEEK_FAILED, "seek is not supported for live streams");
            case "pause", "pauseRaw" -> pause(c);
            case "receiveAudio", "receiveVideo" -> receive(c);
            case "deleteStream" -> {
                NetStream s = streams.remove((int) c.numberArg(0, -1));
                if (s != null) {
                    stop(s);
                }
                yield done();
            }
            case "closeStream" -> {
                NetStream s = streams.get(c.messageStreamId());
                if (s != null) {
                    stop(s);
                }
                yield done();
            }
            case "_result", "_error", "onBWDone", "_checkbw", "onStatus" -> done();
            default -> {
                if (c.transactionId() != 0) {
                    send(Messages.command(0, "_error", c.transactionId(), null,
                            Status.info(Status.CALL_FAILED, "unknown command '" + clip(c.name()) + "'")));
                }
                yield done();
            }
        };
    }

    private Future<Void> connect(Command c) {
        if (state != State.AWAITING_CONNECT) {
            connection.close("connect sent twice");
            return done();
        }
        String requested = c.property("app") instanceof String s ? s : "";
        int q = requested.indexOf('?');
        app = trimSlashes(q < 0 ? requested : requested.substring(0, q));
        connectQuery = q < 0 ? "" : requested.substring(q + 1);
        if (!validName(app)) {
            return reject(c, "invalid app name '" + clip(requested) + "'");
        }
        connection.label(connection.remoteAddress() + " " + app);
        return authorizer.authorize(new AuthRequest(AuthRequest.Action.CONNECT, app, null, connectQuery, peer()))
                .transform(ar -> {
                    if (ar.failed()) {
                        return reject(c, ar.cause().getMessage());
                    }
                    state = State.CONNECTED;
                    send(Messages.windowAckSize(options.windowAckSize()));
                    send(Messages.setPeerBandwidth(PEER_BANDWIDTH, SetPeerBandwidth.DYNAMIC));
                    // Every player shares one chunk encoding of each media message, so all get the same chunk size.
                    send(Messages.setChunkSize(SharedMessage.OUT_CHUNK_SIZE));
                    Map<String, Object> properties = new LinkedHashMap<>();
                    properties.put("fmsVer", "FMS/3,5,7,7009");
                    properties.put("capabilities", 31.0);
                    properties.put("mode", 1.0);
                    Map<String, Object> info = Status.info(Status.CONNECT_SUCCESS, "Connection succeeded.");
                    info.put("objectEncoding", c.property("objectEncoding") instanceof Number n ? n.doubleValue() : 0.0);
                    send(Messages.command(0, "_result", c.transactionId(), properties, info));
                    return done();
                });
    }

    private Future<Void> reject(Command c, String why) {
        send(Messages.command(0, "_error", c.transactionId(), null, Status.info(Status.CONNECT_REJECTED, why)));
        connection.close("connect rejected: " + why);
        return done();
    }

    private Future<Void> createStream(Command c) {
        if (streams.size() >= options.maxStreamsPerConnection()) {
            connection.close("more than " + options.maxStreamsPerConnection() + " streams on one connection");
            return done();
        }
        int id = nextStreamId++;
        streams.put(id, new NetStream(id));
        result(c, (double) id);
        return done();
    }

    private Future<Void> publish(Command c) {
        NetStream s = streamFor(c);
        if (s == null) {
            return done();
        }
        if (s.state != NetStream.State.IDLE) {
            status(s, Status.PUBLISH_BAD_NAME, "stream " + s.id + " is already in use");
            return done();
        }
        StreamKey key = keyOf(c.stringArg(0));
        if (key == null) {
            status(s, Status.PUBLISH_BAD_NAME, "invalid stream name '" + clip(c.stringArg(0)) + "'");
            return done();
        }
        s.key = key;
        s.state = NetStream.State.STARTING;
        return authorizer.authorize(auth(AuthRequest.Action.PUBLISH, c.stringArg(0)))
                .compose(v -> host.publish(key, connection.remoteAddress())
                        .onFailure(e -> refusedBy(s, Status.PUBLISH_FAILED, "cannot publish " + key, e)), e -> {
                    status(s, Status.PUBLISH_DENIED, e.getMessage());
                    return Future.failedFuture(e);
                })
                .transform(ar -> {
                    if (ar.failed()) {
                        s.state = NetStream.State.IDLE;
                        return done();
                    }
                    Publication p = ar.result();
                    if (p == null) {
                        s.state = NetStream.State.IDLE;
                        status(s, Status.PUBLISH_BAD_NAME, "stream " + key + " is already publishing");
                        LOG.log(System.Logger.Level.INFO, "refused publish of {0} from {1}: already publishing",
                                key, connection.remoteAddress());
                        return done();
                    }
                    if (state == State.CLOSED || s.state != NetStream.State.STARTING) {
                        p.close(); // the client left while we were claiming
                        return done();
                    }
                    s.publication = p;
                    s.state = NetStream.State.PUBLISHING;
                    // Revocation may come from another loop (a takeover, a registry refresh): close on ours.
                    p.onRevoked(reason -> context.runOnContext(v -> connection.close(reason)));
                    connection.label(connection.remoteAddress() + " publish " + key);
                    send(Messages.userControl(UserControl.STREAM_BEGIN, s.id));
                    status(s, Status.PUBLISH_START, key + " is now published.");
                    LOG.log(System.Logger.Level.INFO, "publish started {0} from {1}", key, connection.remoteAddress());
                    return done();
                });
    }

    private Future<Void> play(Command c) {
        NetStream s = streamFor(c);
        if (s == null) {
            return done();
        }
        if (s.state != NetStream.State.IDLE) {
            stop(s);
        }
        StreamKey key = keyOf(c.stringArg(0));
        if (key == null) {
            status(s, Status.PLAY_STREAM_NOT_FOUND, "invalid stream name '" + clip(c.stringArg(0)) + "'");
            return done();
        }
        boolean reset = !(c.arg(3) instanceof Boolean b) || b;
        s.key = key;
        s.state = NetStream.State.STARTING;
        return authorizer.authorize(auth(AuthRequest.Action.PLAY, c.stringArg(0)))
                .compose(v -> {
                    PlayLease lease = host.play(key);
                    s.lease = lease;
                    return lease.stream().transform(ar -> played(s, lease, ar.failed() ? null : ar.result(),
                            ar.cause(), reset));
                }, e -> {
                    s.state = NetStream.State.IDLE;
                    status(s, Status.PLAY_FAILED, e.getMessage());
                    return done();
                });
    }

    /** The host answered a play: start playing, or say why not and give the lease back. */
    private Future<Void> played(NetStream s, PlayLease lease, MediaStream stream, Throwable failure, boolean reset) {
        if (state == State.CLOSED || s.lease != lease || s.state != NetStream.State.STARTING) {
            lease.release(); // the player left while it waited
            return done();
        }
        if (failure != null || stream == null) {
            s.state = NetStream.State.IDLE;
            s.lease = null;
            lease.release();
            if (failure != null) {
                refusedBy(s, Status.PLAY_FAILED, "cannot play " + s.key, failure);
            } else {
                status(s, Status.PLAY_STREAM_NOT_FOUND, s.key + " is not published");
            }
            return done();
        }
        startPlaying(s, stream, reset);
        return done();
    }

    private void startPlaying(NetStream s, MediaStream stream, boolean reset) {
        s.state = NetStream.State.PLAYING;
        s.stream = stream;
        connection.label(connection.remoteAddress() + " play " + s.key);
        send(Messages.userControl(UserControl.STREAM_BEGIN, s.id));
        if (reset) {
            status(s, Status.PLAY_RESET, "Playing and resetting " + s.key + ".");
        }
        status(s, Status.PLAY_START, "Started playing " + s.key + ".");
        // As nginx-rtmp sends it: a data message at timestamp 0, which libavformat's FLV demuxer skips (a name it
        // knows at 0); at any other time it would become a subtitle track.
        send(Messages.data(s.id, "|RtmpSampleAccess", true, true));
        // A command, like every status: libavformat turns a data message named onStatus into a data track.
        status(s, Status.DATA_START, "Data start.");
        s.subscriber = new Subscriber(new PlayerSink(connection, s, this::stop), context, playerMaxLagMillis,
                stream.stats());
        stream.subscribe(s.subscriber);
        LOG.log(System.Logger.Level.INFO, "play started {0} by {1}", s.key, connection.remoteAddress());
    }

    private Future<Void> pause(Command c) {
        NetStream s = streams.get(c.messageStreamId());
        if (s != null && s.subscriber != null) {
            boolean pause = !(c.arg(0) instanceof Boolean b) || b;
            s.subscriber.pause(pause);
            status(s, pause ? Status.PAUSE_NOTIFY : Status.UNPAUSE_NOTIFY, pause ? "Paused." : "Unpaused.");
        }
        return done();
    }

    private Future<Void> receive(Command c) {
        NetStream s = streams.get(c.messageStreamId());
        if (s != null && s.subscriber != null) {
            boolean on = !(c.arg(0) instanceof Boolean b) || b;
            if (c.name().equals("receiveAudio")) {
                s.subscriber.receiveAudio(on);
            } else {
                s.subscriber.receiveVideo(on);
            }
        }
        return done();
    }

    private Future<Void> refuse(Command c, String code, String why) {
        NetStream s = streams.get(c.messageStreamId());
        if (s != null) {
            status(s, code, why);
        }
        return done();
    }

    /** Ends whatever the NetStream does: unpublishes or stops playing. */
    private void stop(NetStream s) {
        if (s.publication != null) {
            s.publication.close();
            s.publication = null;
            LOG.log(System.Logger.Level.INFO, "publish stopped {0} from {1}", s.key, connection.remoteAddress());
            if (state != State.CLOSED) {
                status(s, Status.UNPUBLISH_SUCCESS, s.key + " is now unpublished.");
            }
        }
        if (s.subscriber != null) {
            LOG.log(System.Logger.Level.INFO, "play stopped {0} by {1}", s.key, connection.remoteAddress());
            s.stream.unsubscribe(s.subscriber);
            s.subscriber = null;
            s.stream = null;
        }
        if (s.lease != null) {
            s.lease.release();
            s.lease = null;
        }
        s.state = NetStream.State.IDLE;
    }

    // --- helpers ---

    /** The NetStream a publish/play names by its message stream id; a client that skipped createStream is closed. */
    private NetStream streamFor(Command c) {
        NetStream s = streams.get(c.messageStreamId());
        if (s == null) {
            connection.close("'" + clip(c.name()) + "' on message stream " + c.messageStreamId() + " that was not created");
        }
        return s;
    }

    private StreamKey keyOf(String requested) {
        if (requested == null) {
            return null;
        }
        int q = requested.indexOf('?');
        String name = q < 0 ? requested : requested.substring(0, q);
        return validName(name) ? new StreamKey(app, name) : null;
    }

    /** The role could not serve the request (cluster unreachable, no origin): the client hears it, not silence. */
    private void refusedBy(NetStream s, String code, String what, Throwable cause) {
        String why = PeerText.printable(cause.getMessage());
        LOG.log(System.Logger.Level.WARNING, "{0} for {1}: {2}", what, connection.remoteAddress(), why);
        status(s, code, what + ": " + why);
    }

    private boolean validName(String name) {
        return StreamKey.isValidPart(name) && name.length() <= options.maxNameLength();
    }

    private AuthRequest auth(AuthRequest.Action action, String requested) {
        int q = requested.indexOf('?');
        String name = q < 0 ? requested : requested.substring(0, q);
        String query = q < 0 ? connectQuery : requested.substring(q + 1);
        return new AuthRequest(action, app, name, query, peer());
    }

    private String peer() {
        return connection.remoteAddress();
    }

    private void result(Command c, Object value) {
        send(Messages.command(0, "_result", c.transactionId(), null, value));
    }

    private void status(NetStream s, String code, String description) {
        send(Status.onStatus(s, code, description));
    }

    private void send(RawMessage m) {
        connection.send(m);
    }

    private static Future<Void> done() {
        return Future.succeededFuture();
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String clip(String s) {
        return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static final System.Logger LOG = System.getLogger(ServerSession.class.getName());
}
