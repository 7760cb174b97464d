package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One live stream on this node: its publisher (a local encoder, or an edge's upstream pull), the state a new player
 * needs (metadata, sequence headers, the current GOP), and its players.
 *
 * <p>Threading: the stream is pinned to one event loop ({@code owner}), and all of its state is touched there
 * only. Its players are grouped by their own event loop: each batch crosses to another loop once per group, not
 * once per player, and is written there with one gathered write per player. A publisher on the owner loop costs
 * no hop at all, which is the usual case since the first publisher creates the stream.
 */
public final class MediaStream {
    private static final Object ENDED = new Object();

    private final StreamKey key;
    private final Context owner;
    private final StreamOptions options;
    private final Runnable onEnded;
    private final StreamStats stats = new StreamStats();
    /** The current publication, null between publishers, ENDED once the stream is gone. Any thread. */
    private final AtomicReference<Object> publisher = new AtomicReference<>();

    // Owner-loop state.
    /** Players by event loop. The map is changed on the owner loop; each list only on its own loop. */
    private final Map<Context, List<Subscriber>> groups = new ConcurrentHashMap<>();
    private final GopCache gop;
    private SharedMessage metadata;
    private SharedMessage videoHeader;
    private SharedMessage audioHeader;
    private boolean sessionStarting;
    private long timestampOffset;
    private long lastTimestamp = -1;
    private long graceTimer = -1;

    MediaStream(StreamKey key, Context owner, StreamOptions options, Runnable onEnded) {
        this.key = key;
        this.owner = Loops.root(owner);
        this.options = options;
        this.onEnded = onEnded;
        this.gop = new GopCache(options.gopCacheMaxBytes(), options.gopCacheMaxMessages());
    }

    public StreamKey key() {
        return key;
    }

    public StreamStats stats() {
        return stats;
    }

    public boolean hasPublisher() {
        Object p = publisher.get();
        return p != null && p != ENDED;
    }

    boolean isCurrent(Publication p) {
        return publisher.get() == p;
    }

    boolean isEnded() {
        return publisher.get() == ENDED;
    }

    /**
     * Claims the stream for a publisher. Returns null when another publisher holds it, unless that one has sent no
     * media for {@link StreamOptions#publisherTakeoverMillis()}: an encoder that reconnects after its old connection
     * died silently must not find its stream "busy" until the old one times out. Throws
     * {@link IllegalStateException} when the stream has just ended (the caller asks the table for a new one).
     */
    Publication claim(String description) {
        Publication p = new Publication(this, description);
        while (true) {
            Object current = publisher.get();
            if (current == ENDED) {
                throw new IllegalStateException("stream ended");
            }
            if (current instanceof Publication held) {
                long silent = held.silentMillis();
                if (silent < options.publisherTakeoverMillis()) {
                    return null;
                }
                if (publisher.compareAndSet(held, p)) {
                    held.replaced(silent);
                    started(p);
                    return p;
                }
            } else if (publisher.compareAndSet(null, p)) {
                started(p);
                return p;
            }
        }
    }

    private void started(Publication p) {
        stats.publishes.increment();
        onOwner(this::startSession);
    }

    /**
     * Adds a player. Its first messages are metadata, sequence headers and the GOP, then the live batches. The
     * player counts in {@link StreamStats#players()} from the moment its place in the live flow is fixed.
     */
    public void subscribe(Subscriber s) {
        onOwner(() -> {
            if (isEnded()) {
                s.context().runOnContext(v -> s.sink().onStreamEvent(StreamEvent.ENDED));
                return;
            }
            List<SharedMessage> snapshot = snapshot();
            List<Subscriber> group = groups.computeIfAbsent(s.context(), c -> new ArrayList<>());
            stats.players.incrementAndGet();
            onContext(s.context(), () -> {
                group.add(s);
                if (!snapshot.isEmpty()) {
                    s.deliver(snapshot, gather(snapshot));
                }
            });
        });
    }

    /**
     * Removes a player. Goes through the owner loop, like {@link #subscribe}, so a player that leaves at once
     * is never added after it was removed.
     */
    public void unsubscribe(Subscriber s) {
        onOwner(() -> {
            List<Subscriber> group = groups.get(s.context());
            if (group != null) {
                onContext(s.context(), () -> {
                    if (group.remove(s)) {
                        stats.players.decrementAndGet();
                    }
                });
            }
        });
    }

    // --- publication side, owner loop ---

    void startSession() {
        if (graceTimer >= 0) {
            owner.owner().cancelTimer(graceTimer);
            graceTimer = -1;
        }
        boolean republish = lastTimestamp >= 0;
        metadata = null;
        videoHeader = null;
        audioHeader = null;
        gop.clear();
        sessionStarting = true;
        if (republish) {
            broadcast(StreamEvent.REPUBLISHED);
        }
    }

    void accept(List<MediaMessage> batch) {
        List<SharedMessage> out = new ArrayList<>(batch.size());
        for (MediaMessage m : batch) {
            SharedMessage shared = ingest(m);
            if (shared != null) {
                out.add(shared);
            }
        }
        if (out.isEmpty()) {
            return;
        }
        if (groups.isEmpty()) {
            return;
        }
        Buffer gathered = gather(out);
        groups.forEach((c, group) -> onContext(c, () -> {
            for (Subscriber s : List.copyOf(group)) {
                s.deliver(out, gathered);
            }
        }));
    }

    private SharedMessage ingest(MediaMessage m) {
        stats.bytesIn.add(m.payload().readableBytes());
        if (m.isData()) {
            stats.dataMessages.increment();
            String handler = DataFrames.handlerName(m);
            if (DataFrames.CLEAR_DATA_FRAME.equals(handler)) {
                metadata = null;
                return null;
            }
            if (DataFrames.SET_DATA_FRAME.equals(handler)) {
                m = DataFrames.dropHandlerName(m);
                handler = DataFrames.handlerName(m);
            }
            SharedMessage shared = new SharedMessage(onTimeline(m));
            if (DataFrames.ON_METADATA.equals(handler)) {
                metadata = shared;
            }
            return shared;
        }
        (m.isAudio() ? stats.audioMessages : stats.videoMessages).increment();
        SharedMessage shared = new SharedMessage(onTimeline(m));
        if (shared.isSequenceHeader()) {
            if (m.isVideo()) {
                videoHeader = shared;
            } else {
                audioHeader = shared;
            }
        } else {
            gop.add(shared);
        }
        return shared;
    }

    /**
     * Maps a publisher's timestamp onto the stream's timeline. The first publisher's timestamps are kept as sent;
     * a republish is shifted so that players never see time go backwards.
     */
    private MediaMessage onTimeline(MediaMessage m) {
        if (sessionStarting) {
            sessionStarting = false;
            timestampOffset = lastTimestamp < 0 ? 0 : lastTimestamp - m.timestamp();
        }
        long ts = (m.timestamp() + timestampOffset) & 0xFFFFFFFFL;
        lastTimestamp = Math.max(lastTimestamp, ts);
        return m.withTimestamp(ts);
    }

    /** Ends {@code p}'s hold; false when it no longer held the stream. */
    boolean release(Publication p) {
        if (!publisher.compareAndSet(p, null)) {
            return false;
        }
        onOwner(() -> {
            if (publisher.get() != null) {
                return; // a new publisher got in first
            }
            broadcast(StreamEvent.UNPUBLISHED);
            gop.clear();
            graceTimer = owner.owner().setTimer(options.unpublishGraceMillis(), id -> {
                graceTimer = -1;
                endIfIdle();
            });
        });
        return true;
    }

    private void endIfIdle() {
        if (publisher.compareAndSet(null, ENDED)) {
            broadcast(StreamEvent.ENDED);
            onEnded.run();
        }
    }

    private List<SharedMessage> snapshot() {
        List<SharedMessage> gopNow = gop.snapshot();
        long start = gopNow.isEmpty() ? Math.max(lastTimestamp, 0) : gopNow.get(0).message().timestamp();
        List<SharedMessage> out = new ArrayList<>(gopNow.size() + 3);
        // Headers are re-stamped to the GOP's start so a joining player's timeline starts there.
        for (SharedMessage header : new SharedMessage[] {metadata, videoHeader, audioHeader}) {
            if (header != null) {
                out.add(new SharedMessage(header.message().withTimestamp(start)));
            }
        }
        out.addAll(gopNow);
        return out;
    }

    private void broadcast(StreamEvent event) {
        groups.forEach((c, group) -> onContext(c, () -> List.copyOf(group).forEach(s -> s.sink().onStreamEvent(event))));
    }

    // --- threading helpers ---

    void onOwner(Runnable task) {
        onContext(owner, task);
    }

    private static void onContext(Context context, Runnable task) {
        if (Loops.current() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    private static Buffer gather(List<SharedMessage> messages) {
        if (messages.size() == 1) {
            return messages.get(0).encodedFor(SharedMessage.DEFAULT_STREAM_ID);
        }
        ByteBuf[] parts = messages.stream().map(SharedMessage::encodedByteBuf).toArray(ByteBuf[]::new);
        return BufferInternal.buffer(Unpooled.wrappedBuffer(parts));
    }
}
