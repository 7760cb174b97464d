package org.rtmpcluster.rtmp.net;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The byte duplex an RTMP connection runs over: a TCP or TLS socket today, an RTMPT (HTTP tunnel) session later.
 * All calls and callbacks happen on the connection's event loop.
 */
public interface Transport {

    void handler(Handler<Buffer> handler);

    void closeHandler(Handler<Void> handler);

    void exceptionHandler(Handler<Throwable> handler);

    Future<Void> write(Buffer bytes);

    /** True while more than the transport's bound is waiting to be sent. */
    boolean writeQueueFull();

    void drainHandler(Handler<Void> handler);

    Future<Void> close();

    /** Called when the node shuts down: the connection should close (the server waits for it otherwise). */
    void shutdownHandler(Handler<Void> handler);

    /** The peer, as host:port, for logs. */
    String remoteAddress();
}
