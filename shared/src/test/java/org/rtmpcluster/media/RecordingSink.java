package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A player's connection that records what it was sent as kind@timestamp ("video@40", "data@0"), read back from the
 * type-0 chunk header, and releases the bytes. The test fills and drains its backlog with {@link #full}.
 */
final class RecordingSink implements MediaSink {
    /** Written on the player's event loop, read by the test. */
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean full;
    volatile int flushes;

    @Override
    public int messageStreamId() {
        return SharedMessage.DEFAULT_STREAM_ID;
    }

    @Override
    public boolean writeQueueFull() {
        return full;
    }

    @Override
    public void write(ByteBuf wireBytes) {
        int type = wireBytes.getUnsignedByte(wireBytes.readerIndex() + 7);
        long ts = wireBytes.getUnsignedMedium(wireBytes.readerIndex() + 1);
        written.add((type == 9 ? "video" : type == 8 ? "audio" : "data") + "@" + ts);
        wireBytes.release();
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void onStreamEvent(StreamEvent event) {
    }

    @Override
    public void disconnect(String reason) {
    }
}
