package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;

/**
 * A connection's share of its transport's one outbound bound. Reading from the peer pauses while the queue is over
 * the bound, so that a peer cannot make us produce replies it does not read, and resumes once the queue has drained;
 * the bytes of our own messages (replies, control, pings) waiting unsent are capped at
 * {@link #MAX_QUEUED_CONTROL_BYTES} on top of that.
 */
final class Backpressure {
    /**
     * Our own messages (replies, statuses, acknowledgements, ping responses) waiting unsent. Legitimate peers keep a
     * few hundred bytes of them queued at most; this is a thousand replies' worth.
     */
    static final int MAX_QUEUED_CONTROL_BYTES = 256 * 1024;

    private final Transport transport;
    private long controlQueued;
    private boolean readingPaused;

    Backpressure(Transport transport) {
        this.transport = transport;
    }

    /**
     * Writes and flushes one of our own messages, taking ownership of it. False, with the bytes released, when it
     * would take our unsent messages over the cap: the peer is not reading.
     */
    boolean writeControl(ByteBuf bytes) {
        int size = bytes.readableBytes();
        if (controlQueued + size > MAX_QUEUED_CONTROL_BYTES) {
            bytes.release();
            return false;
        }
        controlQueued += size;
        transport.writeAndFlush(bytes, v -> controlQueued -= size);
        pauseReadingIfFull();
        return true;
    }

    /** Bytes of our own messages written and not sent yet. */
    long controlQueued() {
        return controlQueued;
    }

    /** After a write: stops reading from the peer while the queue is over the bound. */
    void pauseReadingIfFull() {
        if (!readingPaused && transport.writeQueueFull()) {
            readingPaused = true;
            transport.pause();
        }
    }

    /** The queue drained (the transport's drain handler). */
    void resumeReading() {
        if (readingPaused) {
            readingPaused = false;
            transport.resume();
        }
    }
}
