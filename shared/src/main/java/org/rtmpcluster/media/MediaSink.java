package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;

/** Where a player's media goes: its connection, seen from the fan-out. All calls come on the player's context. */
public interface MediaSink {

    /** The message stream id the player plays on. */
    int messageStreamId();

    /** True while the connection's outbound backlog is over its bound. */
    boolean writeQueueFull();

    /** Queues chunk-encoded bytes; takes ownership of {@code wireBytes}. They go out at {@link #flush()}. */
    void write(ByteBuf wireBytes);

    /** Sends what was written: once per batch. */
    void flush();

    /** The stream's publisher went away or came back, or the stream ended for good. */
    void onStreamEvent(StreamEvent event);

    /** Drops the player (its connection), logging {@code reason}. */
    void disconnect(String reason);

    /** The player's first keyframe is being written (once per subscriber): time to first picture. */
    default void firstKeyframe() {
    }
}
