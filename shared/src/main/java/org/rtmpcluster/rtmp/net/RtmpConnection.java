package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.budget.MemoryBudget;
import org.rtmpcluster.budget.OutOfMemory;
import org.rtmpcluster.rtmp.amf.AmfException;
import org.rtmpcluster.rtmp.chunk.ChunkDecoder;
import org.rtmpcluster.rtmp.chunk.ChunkEncoder;
import org.rtmpcluster.rtmp.chunk.ChunkException;
import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.rtmp.handshake.ClientHandshake;
import org.rtmpcluster.rtmp.handshake.HandshakeException;
import org.rtmpcluster.rtmp.handshake.ServerHandshake;
import org.rtmpcluster.rtmp.message.Aggregate;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.MessageDecoder;
import org.rtmpcluster.rtmp.message.MessageException;
import org.rtmpcluster.rtmp.message.MessageType;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.message.RtmpMessage;
import org.rtmpcluster.rtmp.message.SetPeerBandwidth;
import org.rtmpcluster.rtmp.message.UserControl;
import org.rtmpcluster.rtmp.message.WindowAckSize;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One RTMP connection over a {@link Transport}, server or client side: handshake, chunk stream, protocol control
 * (chunk size, acknowledgements, pings) and the bounds on all of it. Commands and media go up to a
 * {@link ConnectionHandler}; the session logic lives there, not here.
 *
 * <p>Any protocol violation closes the connection with one log line naming the peer and what was wrong.
 *
 * <p>Outbound, everything counts against the transport's one bound: media is written by the fan-out only while the
 * queue is under it (a player over it skips); reading from the peer pauses while the queue is over it, and a peer
 * that leaves too many of our own messages unsent is closed ({@link Backpressure}). Inbound, the bytes held between
 * reads are bounded too ({@link InboundBytes}), and with our unsent replies they count in the node's
 * {@link MemoryBudget}: a connection the budget evicts is closed.
 */
public final class RtmpConnection {
    private static final System.Logger LOG = System.getLogger(RtmpConnection.class.getName());
    private static final SplittableRandom SEEDS = new SplittableRandom(new SecureRandom().nextLong());
    /** Payloads of decoded messages; their owners release them. */
    private static final ByteBufAllocator PAYLOADS = PooledByteBufAllocator.DEFAULT;

    enum State { HANDSHAKE, OPEN, CLOSED }

    private final Transport transport;
    private final ConnectionOptions options;
    private final Vertx vertx;
    private final boolean serverSide;
    /** The handshake in progress (its packets take a few KB), dropped once done. */
    private ServerHandshake serverHandshake;
    private ClientHandshake clientHandshake;
    private final ChunkDecoder decoder;
    private final MessageDecoder messageDecoder;
    private final InboundBytes inbound;
    private final Backpressure backpressure;
    /** What this connection holds for its peer, in the node's budget: partial messages, unread bytes, replies. */
    private final MemoryBudget.Holder memory;
    private final long startNanos = System.nanoTime();
    private ConnectionHandler handler;
    private State state = State.HANDSHAKE;
    private int outChunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;
    private long bytesIn;
    private long peerWindow;
    private long lastAcked;
    private boolean draining;
    private long lastReceiveNanos = System.nanoTime();
    private long handshakeTimer = -1;
    private long handshakeNanos = -1;
    private CloseReason closeReason;
    private long pingTimer = -1;
    private String label;

    private RtmpConnection(Transport transport, ConnectionOptions options, Context context, boolean server,
                           MemoryBudget budget) {
        this.transport = transport;
        this.options = options;
        this.vertx = context.owner();
        SplittableRandom random;
        synchronized (SEEDS) {
            random = SEEDS.split();
        }
        int uptime = (int) (System.nanoTime() / 1_000_000);
        this.serverSide = server;
        this.serverHandshake = server ? new ServerHandshake(random, uptime) : null;
        this.clientHandshake = server ? null : new ClientHandshake(random, uptime);
        this.decoder = new ChunkDecoder(options.chunk(), PAYLOADS);
        this.messageDecoder = new MessageDecoder(options.amf());
        this.inbound = new InboundBytes(options.chunk().maxBufferedBytes());
        this.backpressure = new Backpressure(transport);
        this.label = transport.remoteAddress();
        this.memory = budget.holder(host(transport.remoteAddress()), "connection " + transport.remoteAddress(),
                why -> context.runOnContext(v -> close(CloseReason.MEMORY_BUDGET, why)));
    }

    /** The host of a "host:port" address: what the budget groups a peer's connections by. */
    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }

    /** A connection accepted by a server; the handshake starts when bytes arrive. */
    public static RtmpConnection accept(Transport transport, ConnectionOptions options, Context context,
                                        ConnectionHandler handler) {
        return accept(transport, options, context, handler, MemoryBudget.UNLIMITED);
    }

    /** A connection accepted by a server, holding what its peer sends within {@code budget}. */
    public static RtmpConnection accept(Transport transport, ConnectionOptions options, Context context,
                                        ConnectionHandler handler, MemoryBudget budget) {
        RtmpConnection c = new RtmpConnection(transport, options, context, true, budget);
        c.start(handler);
        return c;
    }

    /** A connection we opened to a server: sends C0+C1 at once. */
    public static RtmpConnection connect(Transport transport, ConnectionOptions options, Context context,
                                         ConnectionHandler handler) {
        return connect(transport, options, context, handler, MemoryBudget.UNLIMITED);
    }

    /** A connection we opened to a server, holding what the server sends within {@code budget}. */
    public static RtmpConnection connect(Transport transport, ConnectionOptions options, Context context,
                                         ConnectionHandler handler, MemoryBudget budget) {
        RtmpConnection c = new RtmpConnection(transport, options, context, false, budget);
        c.start(handler);
        ByteBuf out = Unpooled.buffer(1537);
        c.clientHandshake.start(out);
        c.writeControl(out);
        return c;
    }

    private void start(ConnectionHandler handler) {
        this.handler = handler;
        transport.handler(this::onBytes);
        transport.closeHandler(v -> closed(CloseReason.PEER_CLOSED, "peer closed the connection"));
        transport.exceptionHandler(e -> {
            OutOfMemory.exitIfCause(e); // thrown in a handler, it reaches us as the socket's exception
            close(CloseReason.TRANSPORT_ERROR, "transport error: " + e.getMessage());
        });
        transport.shutdownHandler(v -> {
            if (!draining) {
                close(CloseReason.SHUTDOWN, "node shutting down");
            }
        });
        transport.drainHandler(v -> {
            if (state != State.CLOSED) {
                backpressure.resumeReading();
            }
        });
        handshakeTimer = vertx.setTimer(options.handshakeTimeoutMillis(),
                id -> close(CloseReason.HANDSHAKE_TIMEOUT, "handshake not completed within " + options.handshakeTimeoutMillis() + " ms"));
    }

    /**
     * The node drains: the connection stays open through the server's shutdown (which stops the listener) until the
     * peer leaves or the drain closes it at its deadline.
     */
    public void draining() {
        draining = true;
    }

    /** Names the connection in logs, e.g. "127.0.0.1:50312 live/cam1". */
    public void label(String label) {
        this.label = label;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    /** The peer's host address, without the port. */
    public String remoteHost() {
        return host(transport.remoteAddress());
    }

    /** Bytes read from the peer so far, handshake included; on the connection's loop. */
    public long bytesIn() {
        return transport.bytesRead();
    }

    /** Bytes written to the peer's socket so far, handshake included; on the connection's loop. */
    public long bytesOut() {
        return transport.bytesWritten();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public boolean writeQueueFull() {
        return transport.writeQueueFull();
    }

    // --- outbound ---

    /**
     * Sends a message, chunked at our current chunk size, and takes ownership of its payload. A Set Chunk Size takes
     * effect after itself.
     */
    public void send(RawMessage m) {
        if (state == State.CLOSED) {
            m.payload().release();
            return;
        }
        writeControl(encode(m));
    }

    /**
     * Sends a media message we publish (a client's own media), taking ownership of its payload. Like the fan-out's
     * bytes it is not counted as a reply: the caller watches {@link #writeQueueFull()}.
     */
    public void sendMedia(RawMessage m) {
        if (state != State.OPEN) {
            m.payload().release();
            return;
        }
        sendShared(encode(m));
        flush();
    }

    private ByteBuf encode(RawMessage m) {
        try {
            ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(ChunkEncoder.encodedSize(m, outChunkSize));
            ChunkEncoder.encode(m, outChunkSize, out);
            if (m.typeId() == MessageType.SET_CHUNK_SIZE) {
                outChunkSize = m.payload().getInt(m.payload().readerIndex());
            }
            return out;
        } finally {
            m.payload().release();
        }
    }

    /**
     * Queues already chunk-encoded bytes (a stream's shared fan-out bytes) and takes ownership of them; they go out
     * with the next {@link #flush()}. They must be encoded at our chunk size.
     */
    public void sendShared(ByteBuf wireBytes) {
        if (state != State.OPEN) {
            wireBytes.release();
            return;
        }
        transport.write(wireBytes);
        backpressure.pauseReadingIfFull();
    }

    /** Sends what {@link #sendShared} queued. */
    public void flush() {
        if (state == State.OPEN) {
            transport.flush();
        }
    }

    private void writeControl(ByteBuf bytes) {
        if (!backpressure.writeControl(bytes)) {
            close(CloseReason.PEER_NOT_READING, "peer is not reading: " + backpressure.controlQueued()
                    + " bytes of replies and control messages unsent, limit " + Backpressure.MAX_QUEUED_CONTROL_BYTES);
        }
    }

    // --- inbound ---

    /** A read from the peer, lent for the call. */
    private void onBytes(ByteBuf bytes) {
        if (state == State.CLOSED) {
            return;
        }
        bytesIn += bytes.readableBytes();
        lastReceiveNanos = System.nanoTime();
        ByteBuf unread = inbound.add(bytes);
        List<MediaMessage> media = new ArrayList<>();
        try {
            if (state == State.HANDSHAKE && !handshake(unread)) {
                inbound.keepRemainder();
                return;
            }
            decoder.decode(unread, raw -> dispatch(raw, media));
            inbound.keepRemainder();
            if (!holdWithinBudget()) {
                return;
            }
            sendAcknowledgementIfDue();
            if (!media.isEmpty() && state == State.OPEN) {
                List<MediaMessage> batch = List.copyOf(media);
                media.clear();
                handler.onMedia(batch);
            }
        } catch (ChunkException | MessageException | AmfException | HandshakeException e) {
            close(CloseReason.PROTOCOL_ERROR, "protocol error: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            OutOfMemory.exitIfCause(e);
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours must cost this connection only, never the event loop's other connections.
            LOG.log(System.Logger.Level.WARNING, "unexpected error on " + label, e);
            close(CloseReason.INTERNAL_ERROR, "internal error: " + e);
        } finally {
            // Media not handed on (the connection failed, or closed meanwhile) is still ours.
            media.forEach(m -> m.payload().release());
        }
    }

    /**
     * Reports what the connection holds now to the node's budget; false, with the connection closed, when the
     * budget chose it to give memory back.
     */
    private boolean holdWithinBudget() {
        long held = (long) decoder.bufferedBytes() + inbound.held() + backpressure.controlQueued();
        if (state != State.CLOSED && !memory.hold(held)) {
            close(CloseReason.MEMORY_BUDGET, memory.evictionReason());
            return false;
        }
        return state != State.CLOSED;
    }

    private boolean handshake(ByteBuf unread) {
        ByteBuf out = Unpooled.buffer(0);
        boolean done = serverHandshake != null ? serverHandshake.feed(unread, out) : clientHandshake.feed(unread, out);
        if (out.isReadable()) {
            writeControl(out);
        }
        if (!done) {
            return false;
        }
        serverHandshake = null;
        clientHandshake = null;
        state = State.OPEN;
        handshakeNanos = System.nanoTime() - startNanos;
        vertx.cancelTimer(handshakeTimer);
        pingTimer = vertx.setPeriodic(options.pingIntervalMillis(), id -> checkAlive());
        handler.onOpen();
        return state == State.OPEN;
    }

    private void dispatch(RawMessage raw, List<MediaMessage> media) {
        RtmpMessage message;
        try {
            if (state != State.OPEN) {
                return;
            }
            // Media keeps a retained slice of the payload; everything else is decoded into values.
            message = messageDecoder.decode(raw);
        } finally {
            raw.payload().release();
        }
        if (message instanceof MediaMessage m) {
            media.add(m);
        } else if (message instanceof Aggregate a) {
            media.addAll(a.messages());
        } else if (message instanceof Command c) {
            // Commands are ordered with media: hand over the media that came before the command first.
            if (!media.isEmpty()) {
                handler.onMedia(List.copyOf(media));
                media.clear();
            }
            handler.onCommand(c);
        } else if (message instanceof WindowAckSize w) {
            peerWindow = w.size();
        } else if (message instanceof SetPeerBandwidth b && !serverSide) {
            // A client answers with its own window (what ffmpeg and Flash do); servers ignore it.
            send(Messages.windowAckSize(b.size()));
        } else if (message instanceof UserControl u) {
            onUserControl(u);
        }
        // Acknowledgements need nothing: peers that never acknowledge are tolerated, we do not throttle on them.
        // Set Chunk Size and Abort were applied by the chunk decoder; shared objects are ignored.
    }

    private void onUserControl(UserControl u) {
        if (u.event() == UserControl.PING_REQUEST) {
            send(Messages.userControl(UserControl.PING_RESPONSE, u.value()));
        } else if (u.event() != UserControl.PING_RESPONSE) {
            handler.onUserControl(u);
        }
    }

    /** RTMP 1.0 §5.4.3: acknowledge once a window's worth of bytes has arrived since the last acknowledgement. */
    private void sendAcknowledgementIfDue() {
        if (peerWindow > 0 && bytesIn - lastAcked >= peerWindow && state == State.OPEN) {
            lastAcked = bytesIn;
            send(Messages.acknowledgement(bytesIn & 0xFFFFFFFFL));
        }
    }

    private void checkAlive() {
        long quietMillis = (System.nanoTime() - lastReceiveNanos) / 1_000_000;
        if (quietMillis >= options.idleTimeoutMillis()) {
            close(CloseReason.IDLE_TIMEOUT, "idle for " + quietMillis + " ms");
        } else if (quietMillis >= options.pingIntervalMillis()) {
            long now = (System.nanoTime() - startNanos) / 1_000_000;
            send(Messages.userControl(UserControl.PING_REQUEST, now & 0xFFFFFFFFL));
        }
    }

    // --- closing ---

    /** Closes on purpose ({@link CloseReason#ENDED}), logging one line with the reason. */
    public Future<Void> close(String reason) {
        return close(CloseReason.ENDED, reason);
    }

    /** Closes on purpose for a reason of {@code kind}, logging one line with the reason. */
    public Future<Void> close(CloseReason kind, String reason) {
        if (state == State.CLOSED) {
            return Future.succeededFuture();
        }
        LOG.log(System.Logger.Level.INFO, "closing {0}: {1}", label, PeerText.printable(reason));
        closed(kind, reason);
        return transport.close();
    }

    /** Why the connection closed, once it has (null while open): what metrics count it under. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /** How long the handshake took, from accept (or connect) to done; -1 while it is not done. */
    public long handshakeNanos() {
        return handshakeNanos;
    }

    private void closed(CloseReason kind, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeReason = kind;
        vertx.cancelTimer(handshakeTimer);
        vertx.cancelTimer(pingTimer);
        inbound.clear();
        decoder.releasePartials();
        memory.close();
        handler.onClose(reason);
    }
}
