package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;

/**
 * A {@link Transport} over a Vert.x TCP (or TLS) socket. Reads go through Vert.x; writes go straight to the socket's
 * Netty pipeline (see {@link VertxInternals#channelContext}) with a void promise, and are flushed when the writer
 * says so: the fan-out writes a batch to each of a loop's players, then flushes each once.
 */
public final class NetSocketTransport implements Transport {
    private final NetSocket socket;
    private final ChannelHandlerContext ctx;
    private final Traffic traffic;
    private Handler<Void> drainHandler = v -> { };
    /**
     * The channel's writability, kept here as Netty reports its changes: the fan-out asks once per batch per player,
     * and following channel, unsafe and outbound buffer for each of a thousand players costs a cache miss each.
     */
    private boolean full;
    /**
     * This connection's own counts (session metering): plain fields, touched only on the channel's loop, so the media
     * path pays an add, not an atomic, per write.
     */
    private long bytesRead;
    private long bytesWritten;

    public NetSocketTransport(NetSocket socket, int writeQueueMaxBytes) {
        this(socket, writeQueueMaxBytes, Traffic.NONE);
    }

    /** A transport whose bytes count in {@code traffic}. */
    public NetSocketTransport(NetSocket socket, int writeQueueMaxBytes, Traffic traffic) {
        this.socket = socket;
        this.traffic = traffic;
        this.ctx = VertxInternals.channelContext(socket);
        // Low water mark at half: a drained socket takes a burst before it is full again.
        socket.setWriteQueueMaxSize(writeQueueMaxBytes);
        ctx.pipeline().addBefore(ctx.name(), "rtmp-writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                full = !c.channel().isWritable();
                if (!full) {
                    drainHandler.handle(null);
                }
                c.fireChannelWritabilityChanged();
            }
        });
    }

    @Override
    public void handler(Handler<ByteBuf> handler) {
        socket.handler(buffer -> {
            traffic.read(buffer.length());
            bytesRead += buffer.length();
            handler.handle(VertxInternals.byteBuf(buffer));
        });
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
    public void write(ByteBuf bytes) {
        traffic.written(bytes.readableBytes());
        if (ctx.executor().inEventLoop()) {
            bytesWritten += bytes.readableBytes();
            ctx.write(bytes, ctx.voidPromise());
        } else {
            ctx.executor().execute(() -> {
                bytesWritten += bytes.readableBytes();
                ctx.write(bytes, ctx.voidPromise());
            });
        }
    }

    @Override
    public void flush() {
        if (ctx.executor().inEventLoop()) {
            ctx.flush();
        } else {
            ctx.executor().execute(ctx::flush);
        }
    }

    @Override
    public void writeAndFlush(ByteBuf bytes, Handler<Void> whenDone) {
        traffic.written(bytes.readableBytes());
        Runnable write = () -> {
            bytesWritten += bytes.readableBytes();
            ctx.writeAndFlush(bytes).addListener(f -> whenDone.handle(null));
        };
        if (ctx.executor().inEventLoop()) {
            write.run();
        } else {
            ctx.executor().execute(write);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return full;
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        drainHandler = handler;
    }

    @Override
    public void pause() {
        socket.pause();
    }

    @Override
    public void resume() {
        socket.resume();
    }

    /**
     * Closes now. {@code NetSocket.close()} waits until everything queued has been written, which a peer that stops
     * reading (a slow player we drop, an attacker) would postpone forever, holding the socket and its buffers.
     * What is queued is flushed once, so replies written just before (an _error) still go out if they can; Netty
     * releases whatever is still queued when the channel closes.
     */
    @Override
    public Future<Void> close() {
        ctx.flush();
        ctx.close();
        return Future.succeededFuture();
    }

    @Override
    public void shutdownHandler(Handler<Void> handler) {
        socket.shutdownHandler(handler);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public String remoteAddress() {
        var a = socket.remoteAddress();
        return a == null ? "?" : a.hostAddress() + ":" + a.port();
    }
}
