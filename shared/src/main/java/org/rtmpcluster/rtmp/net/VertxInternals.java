package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The one place that touches Vert.x internals ({@code io.vertx.core.internal}), which may change in any Vert.x
 * release. Each method says why the public API does not do.
 */
public final class VertxInternals {
    private VertxInternals() {
    }

    /**
     * The socket's Netty pipeline position. The fan-out writes reference-counted buffers straight to it: through
     * {@code NetSocket.write} each write would cost a promise and a queued task, and Vert.x would wrap our pooled
     * buffers in an unreleasable slice, so it could never share one encoding between sockets safely.
     */
    public static ChannelHandlerContext channelContext(NetSocket socket) {
        return ((NetSocketInternal) socket).channelHandlerContext();
    }

    /** The Netty buffer behind a Vert.x buffer (no copy), to decode reads in place. */
    public static ByteBuf byteBuf(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf();
    }

    /**
     * The Netty event loops that run the node's sockets, for the metrics' pending-task gauges: Vert.x does not
     * expose them publicly.
     */
    public static EventLoopGroup eventLoops(Vertx vertx) {
        return ((VertxInternal) vertx).nettyEventLoopGroup();
    }

    /**
     * The event-loop context behind a possibly duplicated one: handlers may run on duplicated contexts, but the
     * fan-out groups players by the loop itself.
     */
    public static Context rootContext(Context context) {
        return ((ContextInternal) context).unwrap();
    }
}
