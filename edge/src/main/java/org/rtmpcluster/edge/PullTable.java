package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.server.PlayLease;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An edge's upstream pulls by stream key, and the one count that decides when a pull closes: the players holding a
 * {@link PlayLease} on it, from their play command until they stop, whether they ever subscribed or not. Joins,
 * leaves and the idle close all happen under the map's lock for the key, so they are atomic with one another in
 * any order: a player that joins as the idle close runs either keeps the pull or gets a new one, never a pull that
 * is closing. A new pull of a key whose old pull is still closing starts once the old one has given the key up.
 *
 * <p>A stream published on this node itself (an encoder's ingest) needs no pull: that too is decided under the
 * key's lock, where it is sure. A stream with a publisher while no pull of its key is in the table can only be
 * an ingest, because a pull lets go of its stream before it leaves the table; a closing pull still feeds its
 * stream until it stops, and a player that took that for an ingest was left on a stream that nothing fed.
 */
final class PullTable {
    private final Vertx vertx;
    private final long idleMillis;
    private final BiFunction<StreamKey, Runnable, UpstreamPull> newPull;
    private final NodeStats stats;
    private final Function<StreamKey, MediaStream> published;
    private final ConcurrentHashMap<StreamKey, Entry> entries = new ConcurrentHashMap<>();
    private volatile Consumer<StreamKey> idleCloseHook = key -> { };

    /**
     * @param newPull makes the pull of a key, given what the pull calls once it has stopped for its own reasons
     */
    PullTable(Vertx vertx, long idleMillis, BiFunction<StreamKey, Runnable, UpstreamPull> newPull) {
        this(vertx, idleMillis, newPull, new NodeStats(), key -> null);
    }

    /**
     * As {@link #PullTable(Vertx, long, BiFunction)}, counting the pulls in the node's {@code stats}.
     *
     * @param published the stream of a key when it has a publisher on this node, else null
     */
    PullTable(Vertx vertx, long idleMillis, BiFunction<StreamKey, Runnable, UpstreamPull> newPull, NodeStats stats,
              Function<StreamKey, MediaStream> published) {
        this.vertx = vertx;
        this.idleMillis = Math.max(1, idleMillis);
        this.newPull = newPull;
        this.stats = stats;
        this.published = published;
    }

    /**
     * A player asks for {@code key}: the stream published on this node itself if there is one and no pull of the
     * key, else a lease on the key's pull, which is started if there was none.
     */
    PlayLease join(StreamKey key) {
        Entry[] started = new Entry[1];
        MediaStream[] ingest = new MediaStream[1];
        Entry entry = entries.compute(key, (k, e) -> {
            if (e == null && (ingest[0] = published.apply(k)) != null) {
                return null;
            }
            if (e == null || e.closing) {
                Entry fresh = new Entry(e == null ? Future.succeededFuture() : e.stopped.future());
                fresh.pull = newPull.apply(k, () -> forget(k, fresh));
                started[0] = fresh;
                stats.upstreamPullStarted();
                e = fresh;
            }
            if (e.players++ == 0) {
                vertx.cancelTimer(e.idleTimer);
            }
            return e;
        });
        if (ingest[0] != null) {
            return PlayLease.of(Future.succeededFuture(ingest[0]));
        }
        if (started[0] != null) {
            Entry fresh = started[0];
            fresh.previous.onComplete(v -> fresh.pull.start());
        }
        return new Lease(key, entry);
    }

    /** The pull of {@code key}, unless there is none or it is closing. */
    UpstreamPull find(StreamKey key) {
        Entry e = entries.get(key);
        return e == null || e.closing ? null : e.pull;
    }

    Collection<UpstreamPull> pulls() {
        return entries.values().stream().filter(e -> !e.closing).map(e -> e.pull).toList();
    }

    /** Players holding a lease on the pull of {@code key} (0 when there is none). */
    int players(StreamKey key) {
        Entry e = entries.get(key);
        return e == null || e.closing ? 0 : e.players;
    }

    private void leave(StreamKey key, Entry entry) {
        entries.computeIfPresent(key, (k, e) -> {
            if (e == entry && --e.players == 0 && !e.closing) {
                e.idleTimer = vertx.setTimer(Math.max(1, idleMillis), id -> closeIfIdle(k, e)); // Vert.x: >= 1 ms
            }
            return e;
        });
    }

    private void closeIfIdle(StreamKey key, Entry entry) {
        boolean[] close = new boolean[1];
        entries.computeIfPresent(key, (k, e) -> {
            if (e == entry && e.players == 0 && !e.closing) {
                e.closing = true;
                close[0] = true;
            }
            return e;
        });
        if (close[0]) {
            idleCloseHook.accept(key);
            entry.pull.stop("no players for " + idleMillis + " ms").onComplete(v -> {
                forget(key, entry);
                entry.stopped.complete();
            });
        }
    }

    /**
     * Runs {@code hook} when an idle close has decided to close a key's pull, before the pull stops: tests join
     * in that moment, which otherwise lasts a hop between event loops.
     */
    void onIdleClose(Consumer<StreamKey> hook) {
        idleCloseHook = hook;
    }

    /** The pull stopped: the key is free for a new one. */
    private void forget(StreamKey key, Entry entry) {
        // Both the idle close and the pull's own stop come here, and a closing entry may have been replaced by a
        // new pull of the key meanwhile: it leaves the map only if it is still there, and stops counting once.
        entries.remove(key, entry);
        if (entry.ended.compareAndSet(false, true)) {
            stats.upstreamPullEnded();
        }
    }

    /** A key's pull and its lease count; every field is written under the map's lock for the key. */
    private static final class Entry {
        final Future<Void> previous;
        UpstreamPull pull;
        volatile int players;
        long idleTimer = -1;
        volatile boolean closing;
        final Promise<Void> stopped = Promise.promise();
        /** Counted out of the node's pulls (its stop came). */
        final AtomicBoolean ended = new AtomicBoolean();

        Entry(Future<Void> previous) {
            this.previous = previous;
        }
    }

    private final class Lease implements PlayLease {
        private final StreamKey key;
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(StreamKey key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public Future<MediaStream> stream() {
            return entry.pull.ready();
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                leave(key, entry);
            }
        }
    }
}
