package org.rtmpcluster.media;

import io.vertx.core.Context;
import org.rtmpcluster.budget.MemoryBudget;
import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One live stream on this node: its publisher (a local encoder, or an edge's upstream pull), the state a new player
 * needs (metadata, sequence headers, the current GOP), and its players.
 *
 * <p>Threading: the stream is pinned to one event loop ({@code owner}), and all of its state is touched there
 * only. Its players are grouped by their own event loop: each batch crosses to another loop once per group, not
 * once per player; there each player gets a retained duplicate of each message's shared encoding, and one flush
 * (one system call) per batch. A publisher on the owner loop costs no hop at all, which is the
 * usual case since the first publisher creates the stream.
 *
 * <p>Buffers: the stream owns the payloads pushed to it and releases each once encoded (see {@link SharedMessage});
 * a batch crossing to another loop carries one reference per message, given back after delivery there.
 */
public final class MediaStream {
    private static final Object ENDED = new Object();

    private final StreamKey key;
    private final Context owner;
    private final StreamOptions options;
    private final Consumer<MediaStream> onEnded;
    private final StreamStats stats = new StreamStats();
    /** The current publication, null between publishers, ENDED once the stream is gone. Any thread. */
    private final AtomicReference<Object> publisher = new AtomicReference<>();
    /** Written on the owner loop when a header changes; read from any thread (the API). */
    private volatile Codecs codecs = Codecs.NONE;

    // Owner-loop state.
    /** Players by event loop. The map is changed on the owner loop; each list only on its own loop. */
    private final Map<Context, PlayerGroup> groups = new ConcurrentHashMap<>();
    private final GopCache gop;
    private SharedMessage metadata;
    private SharedMessage videoHeader;
    private SharedMessage audioHeader;
    private boolean sessionStarting;
    private long timestampOffset;
    private long lastTimestamp = -1;
    private long graceTimer = -1;
    /** Audio waiting for the next video frame (see {@link StreamOptions#audioCoalesceMillis()}), each a reference. */
    private final List<SharedMessage> heldAudio = new ArrayList<>();
    private long holdTimer = -1;
    private boolean hasVideo;

    MediaStream(StreamKey key, Context owner, StreamOptions options, Consumer<MediaStream> onEnded) {
        this(key, owner, options, onEnded, MemoryBudget.UNLIMITED);
    }

    MediaStream(StreamKey key, Context owner, StreamOptions options, Consumer<MediaStream> onEnded,
                MemoryBudget memory) {
        this.key = key;
        this.owner = Loops.root(owner);
        this.options = options;
        this.onEnded = onEnded;
        // Emptying a GOP cache loses nothing live: its players have it, joiners wait for the next keyframe.
        this.gop = new GopCache(options.gopCacheMaxBytes(), options.gopCacheMaxMessages(),
                memory.holder(MemoryBudget.GOP_CACHES, "GOP cache of " + key, why -> onOwner(this::evictGop)));
    }

    private void evictGop() {
        gop.evict();
    }

    public StreamKey key() {
        return key;
    }

    public StreamStats stats() {
        return stats;
    }

    /** The codecs of the current sequence headers; any thread. */
    public Codecs codecs() {
        return codecs;
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
     * With {@code takeOver} (the publisher proved credentials for the key) the current one is replaced at once.
     */
    Publication claim(String description, boolean takeOver) {
        Publication p = new Publication(this, description);
        while (true) {
            Object current = publisher.get();
            if (current == ENDED) {
                throw new IllegalStateException("stream ended");
            }
            if (current instanceof Publication held) {
                long silent = held.silentMillis();
                if (!takeOver && silent < options.publisherTakeoverMillis()) {
                    return null;
                }
                if (publisher.compareAndSet(held, p)) {
                    held.replaced(takeOver ? "by a publisher with credentials for the key"
                            : "after " + silent + " ms without media");
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
            PlayerGroup group = groups.computeIfAbsent(s.context(), c -> new PlayerGroup());
            stats.players.incrementAndGet();
            onContext(s.context(), () -> {
                try {
                    group.add(s);
                    s.deliver(snapshot);
                } finally {
                    snapshot.forEach(SharedMessage::release);
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
            PlayerGroup group = groups.get(s.context());
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
        sendHeldAudio();
        hasVideo = false;
        clearHeaders();
        gop.clear();
        sessionStarting = true;
        if (republish) {
            broadcast(StreamEvent.REPUBLISHED);
        }
    }

    /** Takes a publisher's batch; owns its payloads from here. */
    void accept(List<MediaMessage> batch) {
        List<SharedMessage> out = new ArrayList<>(batch.size() + heldAudio.size());
        boolean coalesce = options.audioCoalesceMillis() > 0;
        for (MediaMessage m : batch) {
            SharedMessage shared = ingest(m);
            if (shared == null) {
                continue;
            }
            hasVideo |= shared.isVideo();
            if (coalesce && hasVideo && shared.isAudio() && !shared.isHeader()) {
                heldAudio.add(shared);
                continue;
            }
            // Anything else takes the held audio with it, in order.
            out.addAll(heldAudio);
            heldAudio.clear();
            out.add(shared);
        }
        if (!out.isEmpty()) {
            fanOut(out);
            out.forEach(SharedMessage::release);
        }
        if (heldAudio.isEmpty()) {
            cancelHold();
        } else if (holdTimer < 0) {
            holdTimer = owner.owner().setTimer(options.audioCoalesceMillis(), id -> {
                holdTimer = -1;
                sendHeldAudio();
            });
        }
    }

    private void sendHeldAudio() {
        if (!heldAudio.isEmpty()) {
            List<SharedMessage> out = List.copyOf(heldAudio);
            heldAudio.clear();
            fanOut(out);
            out.forEach(SharedMessage::release);
        }
        cancelHold();
    }

    private void cancelHold() {
        if (holdTimer >= 0) {
            owner.owner().cancelTimer(holdTimer);
            holdTimer = -1;
        }
    }

    /** Drops a batch that no longer belongs to the stream (its publisher was replaced meanwhile). */
    static void discard(List<MediaMessage> batch) {
        batch.forEach(m -> m.payload().release());
    }

    /** Sends {@code out} to every player, and into the GOP cache, in the order it goes out. */
    private void fanOut(List<SharedMessage> out) {
        for (SharedMessage m : out) {
            if (!m.isHeader() && !m.isData()) {
                gop.add(m);
            }
        }
        groups.forEach((c, group) -> {
            out.forEach(SharedMessage::retain);
            onContext(c, () -> {
                try {
                    for (Subscriber s : group.players()) {
                        s.deliver(out);
                    }
                } finally {
                    out.forEach(SharedMessage::release);
                }
            });
        });
    }

    private SharedMessage ingest(MediaMessage m) {
        stats.bytesIn.add(m.payload().readableBytes());
        if (m.isData()) {
            stats.dataMessages.increment();
            String handler = DataFrames.handlerName(m);
            if (DataFrames.CLEAR_DATA_FRAME.equals(handler)) {
                metadata = replace(metadata, null);
                m.payload().release();
                return null;
            }
            if (DataFrames.isServerNotice(handler)) {
                // Sent by an edge's upstream to the edge as its player; our players get our own at play.
                m.payload().release();
                return null;
            }
            if (DataFrames.SET_DATA_FRAME.equals(handler)) {
                m = DataFrames.dropHandlerName(m);
                handler = DataFrames.handlerName(m);
            }
            if (DataFrames.ON_METADATA.equals(handler)) {
                // Off the timeline, at 0, to joiners and on every update, as nginx-rtmp sends it: libavformat's FLV
                // demuxer (ffmpeg 5.1 flvdec.c) takes onMetaData as metadata only at timestamp 0, and makes any
                // other a packet of a subtitle track. One encoding serves the live players and every joiner.
                SharedMessage shared = SharedMessage.encode(m.withTimestamp(0), true);
                metadata = replace(metadata, shared);
                return shared;
            }
            return SharedMessage.encode(onTimeline(m), false);
        }
        (m.isAudio() ? stats.audioMessages : stats.videoMessages).increment();
        boolean header = m.isVideo() ? CodecTags.isVideoSequenceHeader(m) : CodecTags.isAudioSequenceHeader(m);
        if (header) {
            // Read before encoding: the payload is the encoder's from there on.
            codecs = m.isVideo() ? codecs.withVideo(CodecTags.videoCodec(m)) : codecs.withAudio(CodecTags.audioCodec(m));
        }
        SharedMessage shared = SharedMessage.encode(onTimeline(m), header);
        // Other frames enter the GOP cache as they go out (fanOut), so held audio never reaches a joiner twice.
        if (header && m.isVideo()) {
            videoHeader = replace(videoHeader, shared);
        } else if (header) {
            audioHeader = replace(audioHeader, shared);
        }
        return shared;
    }

    /** Swaps a header slot: the slot holds a reference of its own. */
    private static SharedMessage replace(SharedMessage old, SharedMessage now) {
        if (old != null) {
            old.release();
        }
        return now == null ? null : now.retain();
    }

    private void clearHeaders() {
        metadata = replace(metadata, null);
        videoHeader = replace(videoHeader, null);
        audioHeader = replace(audioHeader, null);
        codecs = Codecs.NONE;
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
            sendHeldAudio();
            broadcast(StreamEvent.UNPUBLISHED);
            gop.clear();
            if (lastTimestamp < 0) {
                // It never carried media: nobody has anything to wait for, and the slot is the node's to give.
                endIfIdle();
                return;
            }
            // Vert.x refuses a delay under 1 ms; a grace of 0 ends the stream on the next turn of the loop.
            graceTimer = owner.owner().setTimer(Math.max(1, options.unpublishGraceMillis()), id -> {
                graceTimer = -1;
                endIfIdle();
            });
        });
        return true;
    }

    /** See {@link StreamTable#releaseAll()}: only once the event loops have stopped. */
    void releaseBuffers() {
        publisher.set(ENDED);
        heldAudio.forEach(SharedMessage::release);
        heldAudio.clear();
        clearHeaders();
        gop.close();
        groups.values().forEach(PlayerGroup::disposeAll);
    }

    private void endIfIdle() {
        if (publisher.compareAndSet(null, ENDED)) {
            clearHeaders();
            gop.close();
            broadcast(StreamEvent.ENDED);
            onEnded.accept(this);
        }
    }

    /** What a joining player gets first, each message retained for it. */
    private List<SharedMessage> snapshot() {
        List<SharedMessage> gopNow = gop.retainedSnapshot();
        long start = gopNow.isEmpty() ? Math.max(lastTimestamp, 0) : gopNow.get(0).timestamp();
        List<SharedMessage> out = new ArrayList<>(gopNow.size() + 3);
        if (metadata != null) {
            out.add(metadata.retain()); // at timestamp 0 already (see ingest)
        }
        // Sequence headers are re-stamped to the GOP's start so a joining player's timeline starts there.
        for (SharedMessage header : new SharedMessage[] {videoHeader, audioHeader}) {
            if (header != null) {
                out.add(header.timestamp() == start ? header.retain() : header.restamped(start));
            }
        }
        out.addAll(gopNow);
        return out;
    }

    private void broadcast(StreamEvent event) {
        groups.forEach((c, group) -> onContext(c, () -> {
            for (Subscriber s : group.players()) {
                s.sink().onStreamEvent(event);
            }
        }));
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
}
