package org.rtmpcluster.media;

import io.vertx.core.Context;

import java.util.List;

/**
 * One player of one stream. Lives on its connection's context; the fan-out hands it batches there.
 *
 * <p>Slow players are handled by policy, never by buffering: when the connection's backlog is full the player
 * drops media until the next keyframe finds room, and a player that stays behind longer than
 * {@code maxLagMillis} is disconnected. Sequence headers and metadata are never lost: one that comes while the
 * backlog is full is held (the latest of each kind, a reference, not a copy) and sent in front of the keyframe the
 * player resumes at. So nothing the player is sent grows past the bound by more than one batch.
 */
public final class Subscriber {
    enum State { WAITING_FOR_KEYFRAME, LIVE, SKIPPING }

    private final MediaSink sink;
    private final Context context;
    private final long maxLagNanos;
    private final StreamStats stats;
    private State state = State.WAITING_FOR_KEYFRAME;
    private long behindSince;
    private boolean receiveAudio = true;
    private boolean receiveVideo = true;
    private boolean paused;
    private boolean sawVideo;
    private boolean keyframeWritten;
    private boolean disconnected;
    /** Whether the batch being delivered wrote anything (then it is flushed once). */
    private boolean written;
    /** Headers that came while the backlog was full: metadata, video, audio; each a reference we hold. */
    private final SharedMessage[] owed = new SharedMessage[3];

    /** A player of a stream whose counters are {@code stats}. */
    public Subscriber(MediaSink sink, Context context, long maxLagMillis, StreamStats stats) {
        this.sink = sink;
        this.context = Loops.root(context);
        this.maxLagNanos = maxLagMillis * 1_000_000L;
        this.stats = stats;
    }

    public Context context() {
        return context;
    }

    public MediaSink sink() {
        return sink;
    }

    public void receiveAudio(boolean on) {
        receiveAudio = on;
    }

    public void receiveVideo(boolean on) {
        receiveVideo = on;
        if (on) {
            state = State.WAITING_FOR_KEYFRAME;
        }
    }

    /** Pausing a live stream drops what comes meanwhile; resuming starts again at a keyframe. */
    public void pause(boolean on) {
        paused = on;
        if (!on) {
            state = State.WAITING_FOR_KEYFRAME;
        }
    }

    /**
     * Writes what this player takes of {@code batch}; the batch's references stay with the caller. Whether there
     * is room is decided once per batch (one publisher read), so a batch goes out whole or not at all, and the
     * backlog passes its bound by one batch at most.
     */
    void deliver(List<SharedMessage> batch) {
        boolean full = sink.writeQueueFull();
        written = false;
        for (int i = 0; i < batch.size(); i++) {
            deliverOne(batch.get(i), full);
        }
        if (written) {
            sink.flush();
        }
    }

    /** The player left: give back what it held. */
    void dispose() {
        for (int i = 0; i < owed.length; i++) {
            clearOwed(i);
        }
    }

    private void deliverOne(SharedMessage m, boolean full) {
        sawVideo |= m.isVideo();
        if (m.isHeader()) {
            if (full) {
                owe(m);
            } else {
                clearOwed(slot(m));
                write(m);
            }
            return;
        }
        if (m.isData()) {
            // Cue points and timed text: in order with the media, skipped like it when the player is behind.
            if (!full && state != State.SKIPPING) {
                write(m);
            }
            return;
        }
        if (paused || (m.isAudio() && !receiveAudio) || (m.isVideo() && !receiveVideo)) {
            return;
        }
        if (state == State.LIVE && full) {
            fallBehind();
        }
        if (state != State.LIVE && !resumesAt(m, full)) {
            stats.playerMessagesSkipped.increment();
            checkLag();
            return;
        }
        write(m);
    }

    private void write(SharedMessage m) {
        sink.write(m.wireBytes(sink.messageStreamId()));
        written = true;
    }

    /** Holds the latest header of its kind; the player skips to the next keyframe, which needs it. */
    private void owe(SharedMessage m) {
        int slot = slot(m);
        clearOwed(slot);
        owed[slot] = m.retain();
        if (state == State.LIVE) {
            fallBehind();
        }
    }

    private void clearOwed(int slot) {
        if (owed[slot] != null) {
            owed[slot].release();
            owed[slot] = null;
        }
    }

    private static int slot(SharedMessage m) {
        return m.isData() ? 0 : m.isVideo() ? 1 : 2;
    }

    /**
     * Whether a player that is not live may take {@code m}: video restarts only at a keyframe; audio flows while a
     * joining player waits for its first keyframe, and restarts a skipping player only when it gets no video.
     * A player that restarts gets the headers it is owed first.
     */
    private boolean resumesAt(SharedMessage m, boolean full) {
        if (full) {
            return false;
        }
        if (m.isKeyframe() || (m.isAudio() && (!sawVideo || !receiveVideo))) {
            state = State.LIVE;
            if (m.isKeyframe() && !keyframeWritten) {
                keyframeWritten = true;
                sink.firstKeyframe();
            }
            for (int i = 0; i < owed.length; i++) {
                if (owed[i] != null) {
                    write(owed[i]);
                    clearOwed(i);
                }
            }
            return true;
        }
        return state == State.WAITING_FOR_KEYFRAME && m.isAudio();
    }

    private void fallBehind() {
        state = State.SKIPPING;
        behindSince = System.nanoTime();
    }

    private void checkLag() {
        if (state == State.SKIPPING && !disconnected && System.nanoTime() - behindSince > maxLagNanos) {
            disconnected = true;
            stats.playersTooSlow.increment();
            sink.disconnect("player too slow: behind for more than " + maxLagNanos / 1_000_000 + " ms");
        }
    }
}
