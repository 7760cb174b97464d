package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connection's share of the outbound bound, against a transport that sends only when told. */
class BackpressureTest {

    /** Holds what is written until {@link #sendAll()}; full while {@link #full} says so. */
    private static final class HeldTransport implements Transport {
        final List<Handler<Void>> unsent = new ArrayList<>();
        boolean full;
        boolean paused;

        void sendAll() {
            List.copyOf(unsent).forEach(h -> h.handle(null));
            unsent.clear();
        }

        @Override public void writeAndFlush(ByteBuf bytes, Handler<Void> whenDone) {
            bytes.release();
            unsent.add(whenDone);
        }
        @Override public boolean writeQueueFull() { return full; }
        @Override public void pause() { paused = true; }
        @Override public void resume() { paused = false; }
        @Override public void handler(Handler<ByteBuf> handler) { }
        @Override public void closeHandler(Handler<Void> handler) { }
        @Override public void exceptionHandler(Handler<Throwable> handler) { }
        @Override public void write(ByteBuf bytes) { bytes.release(); }
        @Override public void flush() { }
        @Override public void drainHandler(Handler<Void> handler) { }
        @Override public Future<Void> close() { return Future.succeededFuture(); }
        @Override public void shutdownHandler(Handler<Void> handler) { }
        @Override public String remoteAddress() { return "test"; }
    }

    @Test
    void ourUnsentMessagesAreCappedAndTheCapCountsOnlyWhatIsStillUnsent() {
        HeldTransport transport = new HeldTransport();
        Backpressure backpressure = new Backpressure(transport);
        int reply = 1024;
        for (int i = 0; i < Backpressure.MAX_QUEUED_CONTROL_BYTES / reply; i++) {
            assertTrue(backpressure.writeControl(Unpooled.buffer(reply).writerIndex(reply)));
        }
        ByteBuf over = Unpooled.buffer(1).writerIndex(1);
        assertFalse(backpressure.writeControl(over), "one byte over the cap");
        assertEquals(0, over.refCnt(), "a refused message is released");
        assertEquals(Backpressure.MAX_QUEUED_CONTROL_BYTES, backpressure.controlQueued());

        transport.sendAll();
        assertEquals(0, backpressure.controlQueued());
        assertTrue(backpressure.writeControl(Unpooled.buffer(reply).writerIndex(reply)), "room again once sent");
    }

    @Test
    void readingPausesWhileTheQueueIsFullAndResumesOnceItDrained() {
        HeldTransport transport = new HeldTransport();
        Backpressure backpressure = new Backpressure(transport);
        backpressure.pauseReadingIfFull();
        assertFalse(transport.paused, "not full: reading goes on");
        transport.full = true;
        backpressure.writeControl(Unpooled.buffer(8).writerIndex(8));
        assertTrue(transport.paused, "a write that fills the queue pauses reading");
        transport.full = false;
        backpressure.resumeReading();
        assertFalse(transport.paused);
    }
}
