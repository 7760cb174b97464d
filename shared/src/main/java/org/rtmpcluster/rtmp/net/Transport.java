package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * The byte duplex an RTMP connection runs over: a TCP or TLS socket today, an RTMPT (HTTP tunnel) session later.
 * All calls and callbacks happen on the connection's event loop.
 *
 * <p>Outbound bytes are reference-counted buffers whose ownership passes to the transport, which releases them once
 * written (or on close). Everything written counts against one bound: {@link #writeQueueFull()} is true while more
 * than the transport's high-water mark waits to be sent.
 */
public interface Transport {

    /** Bytes read from the peer; borrowed for the call (the transport releases them afterwards). */
    void handler(Handler<ByteBuf> handler);

    void closeHandler(Handler<Void> handler);

    void exceptionHandler(Handler<Throwable> handler);

    /**
     * Queues {@code bytes} and takes ownership of them; nothing goes out until {@link #flush()}, so a batch written
     * to a socket costs one system call.
     */
    void write(ByteBuf bytes);

    /** Writes and flushes; {@code whenDone} runs once the bytes are sent, or dropped by a close. */
    void writeAndFlush(ByteBuf bytes, Handler<Void> whenDone);

    /** Sends what was queued. */
    void flush();

    /** True while more than the transport's bound is waiting to be sent. */
    boolean writeQueueFull();

    /** Called once the queue drops back under half its bound, after {@link #writeQueueFull()} was true. */
    void drainHandler(Handler<Void> handler);

    /** Stops reading from the peer (a peer whose output we cannot send must not make us produce more). */
    void pause();

    void resume();

    Future<Void> close();

    /** Called when the node shuts down: the connection should close (the server waits for it otherwise). */
    void shutdownHandler(Handler<Void> handler);

    /** The peer, as host:port, for logs. */
    String remoteAddress();

    /** Bytes read from the peer so far; read on the connection's loop. 0 from a transport that does not count. */
    default long bytesRead() {
        return 0;
    }

    /**
     * Bytes handed to the socket for the peer so far (what it receives, unless the connection closes with some still
     * queued); read on the connection's loop. 0 from a transport that does not count.
     */
    default long bytesWritten() {
        return 0;
    }
}
