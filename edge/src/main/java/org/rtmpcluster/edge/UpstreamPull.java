package org.rtmpcluster.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.TooManyStreamsException;
import org.rtmpcluster.node.EdgeOptions;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.server.NodeStats;

import java.util.List;

/**
 * One stream pulled by this edge: one RTMP connection to the origin that holds it (or to a parent edge), whatever
 * the number of players, feeding a local stream that the players share.
 *
 * <p>When the upstream breaks, or the registry shows the stream under a newer epoch (the publisher came back on
 * another origin), the pull finds the stream again and reconnects; its players stay connected, get sequence
 * headers again, and see timestamps that never go backwards (the local stream rebases them).
 *
 * <p>A pull can outlive its local stream ({@link PulledStream}, which also answers the joiners): when the publisher
 * stays away longer than the unpublish grace, the stream ends while players that join keep the pull, and a
 * republish makes a new one.
 *
 * <p>Each connection attempt has a number, and only the latest attempt's callbacks act: a registry event that
 * arrives while an attempt is still connecting supersedes it, and the stale attempt's late success closes its own
 * connection instead of replacing the new one, so the pull never holds two upstreams. When to close the pull is
 * {@link PullTable}'s decision (it counts the players); where to pull from is {@link UpstreamFinder}'s.
 *
 * <p>Lives on one event loop ({@code context}); calls from elsewhere hop there.
 */
final class UpstreamPull {
    private static final System.Logger LOG = System.getLogger(UpstreamPull.class.getName());
    private static final long FIRST_RETRY_DELAY_MILLIS = 100;
    private static final long MAX_RETRY_DELAY_MILLIS = 2000;
    private static final long PARENT_ANSWER_MILLIS = 2000;

    /** Opens the RTMP connection to an upstream, on the caller's event loop. */
    interface Connector {
        Future<RtmpClient> connect(StreamRecord upstream, String app);
    }

    enum State { FINDING, CONNECTING, PLAYING, STOPPED }

    private final StreamKey key;
    private final Context context;
    private final Vertx vertx;
    private final PulledStream local;
    private final UpstreamFinder finder;
    private final Connector connector;
    private final EdgeOptions options;
    private final Runnable onStopped;
    private final NodeStats stats;
    private final java.util.function.Function<StreamKey, String> upstreamName;
    private State state = State.FINDING;
    private RtmpClient client;
    private long epoch = -1;
    /** The number of the current attempt; callbacks of any other are stale. */
    private int attempt;
    private int failures;
    private long retryTimer = -1;
    private long waitTimer = -1;
    private boolean everPlayed;

    /**
     * @param upstreamName what the pull asks the upstream to play: the key's name with the edge's link credential
     *                     ({@link org.rtmpcluster.auth.LinkToken}), made afresh for each attempt
     */
    UpstreamPull(StreamKey key, Context context, StreamTable table, UpstreamFinder finder, Connector connector,
                 java.util.function.Function<StreamKey, String> upstreamName, EdgeOptions options,
                 Runnable onStopped, NodeStats stats) {
        this.key = key;
        this.upstreamName = upstreamName;
        this.context = context;
        this.vertx = context.owner();
        this.local = new PulledStream(key, table, vertx, options.playWaitMillis());
        this.finder = finder;
        this.connector = connector;
        this.options = options;
        this.onStopped = onStopped;
        this.stats = stats;
    }

    /**
     * The local stream for a joining player, once the stream is known to exist upstream; null when it does not
     * appear within the players' wait. Never a stream that has ended. Any thread; completes on this pull's loop.
     */
    Future<MediaStream> ready() {
        Promise<MediaStream> answer = Promise.promise();
        context.runOnContext(v -> local.answer(answer));
        return answer.future();
    }

    void start() {
        context.runOnContext(v -> {
            if (state == State.STOPPED) {
                return;
            }
            try {
                if (!local.open()) {
                    halt("stream is published on this edge"); // by an encoder, meanwhile: nothing to pull
                    onStopped.run();
                    return;
                }
            } catch (TooManyStreamsException e) {
                tooManyStreams(e);
                return;
            }
            if (finder.throughParent()) {
                // The parent answers within its own wait; this bounds the players' wait if it cannot answer.
                waitTimer = vertx.setTimer(2 * Math.max(1, options.playWaitMillis()) + PARENT_ANSWER_MILLIS,
                        id -> notFound("no answer from the parent tier"));
            }
            find();
        });
    }

    /** Stops the pull: the upstream closes, and so does the local stream. Any thread. */
    Future<Void> stop(String reason) {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            halt(reason);
            stopped.complete();
        });
        return stopped.future();
    }

    private void halt(String reason) {
        halt(reason, Future.succeededFuture(null));
    }

    /** Stops the pull; joiners that wait, or come before the pull table forgets it, get {@code answer}. */
    private void halt(String reason, Future<MediaStream> answer) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        attempt++;
        LOG.log(System.Logger.Level.INFO, "stopped pulling {0}: {1}", key, reason);
        vertx.cancelTimer(retryTimer);
        vertx.cancelTimer(waitTimer);
        closeClient();
        local.close(answer);
    }

    /** The node holds as many streams as it may: the pull cannot feed one, and its joiners learn why. */
    private void tooManyStreams(TooManyStreamsException e) {
        halt(e.getMessage(), Future.failedFuture(e));
        onStopped.run();
    }

    /** The stream exists upstream: joiners may start. */
    private void announce() {
        try {
            local.announce();
        } catch (TooManyStreamsException e) {
            tooManyStreams(e);
        }
    }

    // --- finding the upstream ---

    private void find() {
        state = State.FINDING;
        int mine = ++attempt;
        finder.find(key).onComplete(ar -> {
            if (mine != attempt) {
                return;
            }
            if (ar.succeeded() && ar.result() != null) {
                found(ar.result());
            } else if (!local.announced()) {
                // Not published (yet): the registry will tell us if it comes within the players' wait.
                vertx.cancelTimer(waitTimer);
                waitTimer = vertx.setTimer(Math.max(1, options.playWaitMillis()),
                        id -> notFound("not published anywhere"));
            } else {
                retryLater();
            }
        });
    }

    /** A registry change for this key (on a Hazelcast thread). */
    void onRecord(StreamRecord record) {
        if (finder.throughParent()) {
            return;
        }
        context.runOnContext(v -> {
            if (state == State.STOPPED || !record.live() || record.epoch() <= epoch) {
                return;
            }
            if (state != State.FINDING) {
                LOG.log(System.Logger.Level.INFO, "{0} moved to {1} (epoch {2}): switching upstream", key,
                        record.rtmpAddress(), String.valueOf(record.epoch()));
                stats.upstreamFailedOver();
                closeClient();
            }
            found(record);
        });
    }

    /** A member left or the cluster merged: registry events may have been lost, so look again. */
    void reconcile() {
        if (!finder.throughParent()) {
            context.runOnContext(v -> finder.find(key).onSuccess(r -> {
                if (r != null) {
                    onRecord(r);
                }
            }));
        }
    }

    private void found(StreamRecord record) {
        vertx.cancelTimer(retryTimer);
        if (!finder.throughParent()) {
            // The registry says the stream is live: players may start now.
            vertx.cancelTimer(waitTimer);
            announce();
        }
        if (state != State.STOPPED) {
            connect(record);
        }
    }

    private void notFound(String reason) {
        if (state != State.STOPPED && !local.announced()) {
            halt(reason);
            onStopped.run();
        }
    }

    // --- the upstream connection ---

    private void connect(StreamRecord record) {
        state = State.CONNECTING;
        epoch = record.epoch();
        int mine = ++attempt;
        connector.connect(record, key.app())
                .compose(c -> {
                    if (mine != attempt) {
                        c.close(); // superseded while it connected
                        return Future.failedFuture("superseded");
                    }
                    client = c;
                    c.mediaHandler(batch -> onMedia(c, batch)).statusHandler(code -> onStatus(c, code))
                            .closeHandler(reason -> onUpstreamClosed(c, reason))
                            .reconnectHandler(to -> onReconnectRequest(c));
                    return c.play(upstreamName.apply(key), playTimeoutMillis());
                })
                .onComplete(ar -> {
                    if (mine != attempt) {
                        return;
                    }
                    if (ar.succeeded()) {
                        playing(record);
                    } else if (!local.announced()
                            && "NetStream.Play.StreamNotFound".equals(ar.cause().getMessage())) {
                        notFound("not published upstream (" + record.rtmpAddress() + ")");
                    } else {
                        LOG.log(System.Logger.Level.INFO, "pull of {0} from {1} failed: {2}", key,
                                record.rtmpAddress(), PeerText.printable(ar.cause().getMessage()));
                        stats.upstreamConnectFailed();
                        closeClient();
                        retryLater();
                    }
                });
    }

    /** How long the upstream may take to answer play: a parent waits for the stream itself first. */
    private long playTimeoutMillis() {
        long bound = options.upstreamPlayTimeoutMillis();
        return finder.throughParent() ? Math.max(bound, options.playWaitMillis() + PARENT_ANSWER_MILLIS) : bound;
    }

    private void playing(StreamRecord record) {
        state = State.PLAYING;
        failures = 0;
        vertx.cancelTimer(waitTimer);
        announce();
        if (state == State.STOPPED) {
            return;
        }
        if (everPlayed) {
            stats.upstreamRestarted();
            local.restart();
        }
        everPlayed = true;
        LOG.log(System.Logger.Level.INFO, "pulling {0} from {1}", key, record.rtmpAddress());
    }

    private void onMedia(RtmpClient from, List<MediaMessage> batch) {
        if (from != client || state != State.PLAYING) {
            return;
        }
        try {
            local.push(batch);
        } catch (TooManyStreamsException e) {
            tooManyStreams(e);
        }
    }

    private void onStatus(RtmpClient from, String code) {
        if (from != client) {
            return;
        }
        switch (code) {
            case "NetStream.Play.UnpublishNotify" -> local.unpublished();
            case "NetStream.Play.PublishNotify" -> {
                try {
                    local.republished();
                } catch (TooManyStreamsException e) {
                    tooManyStreams(e);
                }
            }
            case "NetStream.Play.Stop" -> {
                // The stream ended upstream (its publisher stayed away past the grace there): this connection
                // will carry nothing more. A republish comes under a new epoch, which the registry tells.
                LOG.log(System.Logger.Level.INFO, "{0} ended upstream: finding it again", key);
                closeClient();
                retryLater();
            }
            default -> {
            }
        }
    }

    /**
     * The upstream drains. Its stream stays there until the publisher moves to another origin, and the registry
     * tells when it has (then the pull follows, {@link #onRecord}); look now in case it already did. Through a
     * parent, the pull stays until the parent closes the connection.
     */
    private void onReconnectRequest(RtmpClient from) {
        if (from == client) {
            reconcile();
        }
    }

    private void onUpstreamClosed(RtmpClient closed, String reason) {
        if (closed != client || state == State.STOPPED) {
            return;
        }
        client = null;
        LOG.log(System.Logger.Level.INFO, "upstream of {0} closed ({1}): finding it again", key,
                PeerText.printable(reason));
        retryLater();
    }

    private void retryLater() {
        state = State.FINDING;
        int mine = ++attempt;
        long delay = Math.min(MAX_RETRY_DELAY_MILLIS, FIRST_RETRY_DELAY_MILLIS << Math.min(failures++, 5));
        vertx.cancelTimer(retryTimer);
        retryTimer = vertx.setTimer(delay, id -> {
            if (mine == attempt) {
                find();
            }
        });
    }

    private void closeClient() {
        RtmpClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}
