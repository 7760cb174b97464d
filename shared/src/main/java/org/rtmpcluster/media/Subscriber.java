package org.rtmpcluster.media;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * One player of one stream. Lives on its connection's context; the fan-out hands it batches there.
 *
 * <p>Slow players are handled by policy, never by buffering: when the connection's backlog is full the player
 * drops media until the next keyframe finds room, and a player that stays behind longer than
 * {@code maxLagMillis} is disconnected. Sequence headers and metadata are never dropped (they are small and a
 * decoder cannot recover without them).
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
    private boolean disconnected;

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
     * Writes {@code batch}. {@code gathered} is all of the batch's shared bytes as one buffer, used when this
     * player takes every message, which is the common case: one write, one flush.
     */
    void deliver(List<SharedMessage> batch, Buffer gathered) {
        if (state == State.LIVE && !paused && receiveAudio && receiveVideo
                && sink.messageStreamId() == SharedMessage.DEFAULT_STREAM_ID) {
            if (!sink.writeQueueFull()) {
                sink.write(gathered);
                return;
            }
            fallBehind();
        }
        for (SharedMessage m : batch) {
            deliverOne(m);
        }
    }

    private void deliverOne(SharedMessage m) {
        var message = m.message();
        sawVideo |= message.isVideo();
        if (m.isSequenceHeader() || message.isData()) {
            sink.write(m.encodedFor(sink.messageStreamId()));
            return;
        }
        if (paused || (message.isAudio() && !receiveAudio) || (message.isVideo() && !receiveVideo)) {
            return;
        }
        if (state == State.LIVE && sink.writeQueueFull()) {
            fallBehind();
        }
        if (state != State.LIVE && !resumesAt(m)) {
            stats.playerMessagesSkipped.increment();
            checkLag();
            return;
        }
        sink.write(m.encodedFor(sink.messageStreamId()));
    }

    /**
     * Whether a player that is not live may take {@code m}: video restarts only at a keyframe; audio flows while a
     * joining player waits for its first keyframe, and restarts a skipping player only when it gets no video.
     */
    private boolean resumesAt(SharedMessage m) {
        if (sink.writeQueueFull()) {
            return false;
        }
        if (m.isKeyframe() || (m.message().isAudio() && (!sawVideo || !receiveVideo))) {
            state = State.LIVE;
            return true;
        }
        return state == State.WAITING_FOR_KEYFRAME && m.message().isAudio();
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
