package org.rtmpcluster.rtmp.net;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/** A {@link Transport} over a Vert.x TCP (or TLS) socket. */
public final class NetSocketTransport implements Transport {
    private final NetSocket socket;

    public NetSocketTransport(NetSocket socket, int writeQueueMaxBytes) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(writeQueueMaxBytes);
    }

    @Override
    public void handler(Handler<Buffer> handler) {
        socket.handler(handler);
    }

    @Override
    public void closeHandler(Handler<Void> handler) {
        socket.closeHandler(handler);
    }

    @Override
    public void exceptionHandler(Handler<Throwable> handler) {
        socket.exceptionHandler(handler);
    }

    @Override
    public Future<Void> write(Buffer bytes) {
        return socket.write(bytes);
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
    }

    /**
     * Closes now. {@code NetSocket.close()} waits until everything queued has been written, which a peer that stops
     * reading (a slow player we drop, an attacker) would postpone forever, holding the socket and its buffers.
     * What is queued is flushed once, so replies written just before (an _error) still go out if they can.
     */
    @Override
    public Future<Void> close() {
        ChannelHandlerContext ctx = ((NetSocketInternal) socket).channelHandlerContext();
        ctx.flush();
        ctx.close();
        return Future.succeededFuture();
    }

    @Override
    public void shutdownHandler(Handler<Void> handler) {
        socket.shutdownHandler(handler);
    }

    @Override
    public String remoteAddress() {
        var a = socket.remoteAddress();
        return a == null ? "?" : a.hostAddress() + ":" + a.port();
    }
}
