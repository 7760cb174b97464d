package org.rtmpcluster.media;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one stream, readable from any thread (for the HTTP API and metrics). */
public final class StreamStats {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder audioMessages = new LongAdder();
    final LongAdder videoMessages = new LongAdder();
    final LongAdder dataMessages = new LongAdder();
    final LongAdder publishes = new LongAdder();
    final AtomicInteger players = new AtomicInteger();
    final LongAdder playerMessagesSkipped = new LongAdder();
    final LongAdder playersTooSlow = new LongAdder();

    /** Adds this stream's counts to {@code total} (a node's record of the streams that ended). */
    void addTo(StreamStats total) {
        total.bytesIn.add(bytesIn());
        total.audioMessages.add(audioMessages());
        total.videoMessages.add(videoMessages());
        total.dataMessages.add(dataMessages());
        total.publishes.add(publishes());
        total.playerMessagesSkipped.add(playerMessagesSkipped());
        total.playersTooSlow.add(playersTooSlow());
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long audioMessages() {
        return audioMessages.sum();
    }

    public long videoMessages() {
        return videoMessages.sum();
    }

    public long dataMessages() {
        return dataMessages.sum();
    }

    /** How many publish sessions the stream has had (1 + republishes). */
    public long publishes() {
        return publishes.sum();
    }

    public int players() {
        return players.get();
    }

    /** Media messages slow players skipped (to catch up at the next keyframe). */
    public long playerMessagesSkipped() {
        return playerMessagesSkipped.sum();
    }

    /** Players disconnected for staying behind longer than allowed. */
    public long playersTooSlow() {
        return playersTooSlow.sum();
    }
}
