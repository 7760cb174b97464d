package org.rtmpcluster.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.node.EdgeOptions;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.List;

/**
 * One stream pulled by this edge: one RTMP connection to the origin that holds it (or to a parent edge), whatever
 * the number of players, feeding a local stream that the players share.
 *
 * <p>When the upstream breaks, or the registry shows the stream under a newer epoch (the publisher came back on
 * another origin), the pull resolves the stream again and reconnects; its players stay connected, get sequence
 * headers again, and see timestamps that never go backwards (the local stream rebases them). It closes when its
 * last player has been gone for the idle time.
 *
 * <p>Lives on one event loop ({@code context}); calls from elsewhere hop there.
 */
final class UpstreamPull {
    private static final System.Logger LOG = System.getLogger(UpstreamPull.class.getName());
    private static final long MAX_RETRY_DELAY_MILLIS = 2000;
    private static final long PARENT_ANSWER_MILLIS = 2000;

    enum State { RESOLVING, CONNECTING, PLAYING, STOPPED }

    private final StreamKey key;
    private final Context context;
    private final Vertx vertx;
    private final StreamTable table;
    private final Cluster cluster;
    private final EdgeOptions options;
    private final ConnectionOptions connectionOptions;
    private final Runnable onStopped;
    private final Promise<MediaStream> ready = Promise.promise();
    private State state = State.RESOLVING;
    private Publication publication;
    private MediaStream stream;
    private RtmpClient client;
    private long epoch = -1;
    private int attempts;
    private long retryTimer = -1;
    private long idleTimer = -1;
    private long waitTimer = -1;
    private boolean everConnected;

    UpstreamPull(StreamKey key, Context context, StreamTable table, Cluster cluster, EdgeOptions options,
                 ConnectionOptions connectionOptions, Runnable onStopped) {
        this.key = key;
        this.context = context;
        this.vertx = context.owner();
        this.table = table;
        this.cluster = cluster;
        this.options = options;
        this.connectionOptions = connectionOptions;
        this.onStopped = onStopped;
    }

    /** The local stream, once the stream is known to exist upstream; null when it does not appear in time. */
    Future<MediaStream> ready() {
        return ready.future();
    }

    void start() {
        context.runOnContext(v -> {
            publication = table.publish(key, "edge pull");
            if (publication == null) {
                // Published on this edge itself meanwhile (ingest): nothing to pull.
                ready.tryComplete(table.find(key));
                stop("stream is published on this edge");
                return;
            }
            stream = publication.stream();
            resolve();
        });
    }

    // --- finding the upstream ---

    private void resolve() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.RESOLVING;
        if (!options.parents().isEmpty()) {
            if (!ready.future().isComplete() && waitTimer < 0) {
                // The parent answers within its own wait; this bounds the players' wait if it cannot answer.
                waitTimer = vertx.setTimer(2 * Math.max(1, options.playWaitMillis()) + PARENT_ANSWER_MILLIS, id -> {
                    if (!ready.future().isComplete()) {
                        ready.tryComplete(null);
                        stop("no answer from the parent tier");
                    }
                });
            }
            String parent = Rendezvous.pick(key.toString(), options.parents(), p -> p).orElseThrow();
            found(new StreamRecord(key.toString(), "parent", parent, 0, epoch, true));
            return;
        }
        cluster.streams().lookup(key).onComplete(ar -> {
            if (state != State.RESOLVING) {
                return;
            }
            if (ar.succeeded() && ar.result() != null) {
                found(ar.result());
            } else if (!ready.future().isComplete()) {
                // Not published (yet): wait for the registry to tell us, for a short while.
                waitTimer = vertx.setTimer(Math.max(1, options.playWaitMillis()), id -> {
                    if (state == State.RESOLVING && !ready.future().isComplete()) {
                        ready.tryComplete(null);
                        stop("not published anywhere");
                    }
                });
            } else {
                retryLater();
            }
        });
    }

    /** A registry change for this key (on a Hazelcast thread). */
    void onRecord(StreamRecord record) {
        context.runOnContext(v -> {
            if (state == State.STOPPED || !record.live() || record.epoch() <= epoch) {
                return;
            }
            if (state == State.RESOLVING) {
                vertx.cancelTimer(waitTimer);
                vertx.cancelTimer(retryTimer);
                found(record);
            } else {
                LOG.log(System.Logger.Level.INFO, "{0} moved to {1} (epoch {2}): switching upstream", key,
                        record.rtmpAddress(), String.valueOf(record.epoch()));
                closeClient();
                found(record);
            }
        });
    }

    /** A member left or the cluster merged: registry events may have been lost, so look again. */
    void reconcile() {
        context.runOnContext(v -> cluster.streams().lookup(key).onSuccess(r -> {
            if (r != null) {
                onRecord(r);
            }
        }));
    }

    private void found(StreamRecord record) {
        epoch = record.epoch();
        if (options.parents().isEmpty()) {
            // The registry says the stream is live: players may start now. Through a parent, only its answer
            // to our play tells (the parent waits for the stream and refuses it if it never comes).
            ready.tryComplete(stream);
        }
        connect(record);
    }

    // --- the upstream connection ---

    private void connect(StreamRecord record) {
        state = State.CONNECTING;
        RtmpClient.connect(vertx, record.host(), record.port(), key.app(), connectionOptions)
                .compose(c -> {
                    client = c;
                    c.mediaHandler(this::onMedia).statusHandler(this::onStatus)
                            .closeHandler(reason -> onUpstreamClosed(c, reason));
                    if (state == State.STOPPED) {
                        c.close();
                        return Future.failedFuture("pull stopped");
                    }
                    return c.play(key.name());
                })
                .onSuccess(v -> {
                    state = State.PLAYING;
                    attempts = 0;
                    ready.tryComplete(stream);
                    if (everConnected && publication != null) {
                        publication.restart(); // a new source: new headers, timestamps rebased
                    }
                    everConnected = true;
                    LOG.log(System.Logger.Level.INFO, "pulling {0} from {1}", key, record.rtmpAddress());
                })
                .onFailure(e -> {
                    if (state == State.CONNECTING && !ready.future().isComplete()
                            && "NetStream.Play.StreamNotFound".equals(e.getMessage())) {
                        ready.tryComplete(null);
                        stop("not published upstream (" + record.rtmpAddress() + ")");
                    } else if (state == State.CONNECTING) {
                        LOG.log(System.Logger.Level.INFO, "pull of {0} from {1} failed: {2}", key,
                                record.rtmpAddress(), e.getMessage());
                        closeClient();
                        retryLater();
                    }
                });
    }

    private void onMedia(List<MediaMessage> batch) {
        if (state != State.PLAYING) {
            return;
        }
        if (publication == null) {
            reclaim();
        }
        if (publication != null) {
            // The client lends us the batch for this call; the stream takes references of its own.
            batch.forEach(m -> m.payload().retain());
            publication.push(batch);
        }
    }

    private void onStatus(String code) {
        switch (code) {
            case "NetStream.Play.UnpublishNotify" -> {
                // The publisher left the origin: tell our players, as the origin told us.
                if (publication != null) {
                    publication.close();
                    publication = null;
                }
            }
            case "NetStream.Play.PublishNotify" -> reclaim();
            default -> {
            }
        }
    }

    private void reclaim() {
        if (publication == null && state != State.STOPPED) {
            publication = table.publish(key, "edge pull");
            if (publication != null) {
                stream = publication.stream();
            }
        }
    }

    private void onUpstreamClosed(RtmpClient closed, String reason) {
        if (closed != client || state == State.STOPPED) {
            return;
        }
        client = null;
        LOG.log(System.Logger.Level.INFO, "upstream of {0} closed ({1}): resolving again", key, reason);
        retryLater();
    }

    private void retryLater() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.RESOLVING;
        long delay = Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(attempts++, 5));
        vertx.cancelTimer(retryTimer);
        retryTimer = vertx.setTimer(delay, id -> resolve());
    }

    private void closeClient() {
        RtmpClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    // --- players ---

    /** A player is about to subscribe: an idle close that was pending is off. Any thread. */
    void playerJoining() {
        context.runOnContext(v -> {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        });
    }

    /** A player left; the pull closes if none is back within the idle time. Any thread. */
    void playerLeft() {
        context.runOnContext(v -> {
            vertx.cancelTimer(idleTimer);
            idleTimer = vertx.setTimer(Math.max(1, options.upstreamIdleMillis()), id -> {
                if (stream == null || stream.stats().players() == 0) {
                    stop("no players for " + options.upstreamIdleMillis() + " ms");
                }
            });
        });
    }

    private void stop(String reason) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        LOG.log(System.Logger.Level.INFO, "stopped pulling {0}: {1}", key, reason);
        vertx.cancelTimer(retryTimer);
        vertx.cancelTimer(idleTimer);
        vertx.cancelTimer(waitTimer);
        closeClient();
        if (publication != null) {
            publication.close();
            publication = null;
        }
        onStopped.run();
    }
}
