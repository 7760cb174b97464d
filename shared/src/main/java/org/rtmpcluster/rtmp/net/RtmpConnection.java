package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
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
 */
public final class RtmpConnection {
    private static final System.Logger LOG = System.getLogger(RtmpConnection.class.getName());
    private static final int MAX_LOGGED_REASON = 300;
    private static final SplittableRandom SEEDS = new SplittableRandom(new SecureRandom().nextLong());

    enum State { HANDSHAKE, OPEN, CLOSED }

    private final Transport transport;
    private final ConnectionOptions options;
    private final Vertx vertx;
    private final ServerHandshake serverHandshake;
    private final ClientHandshake clientHandshake;
    private final ChunkDecoder decoder;
    private final MessageDecoder messageDecoder;
    private final long startNanos = System.nanoTime();
    private ConnectionHandler handler;
    private State state = State.HANDSHAKE;
    private ByteBuf inbound = Unpooled.EMPTY_BUFFER;
    private ByteBuf cumulation = Unpooled.EMPTY_BUFFER;
    private int outChunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;
    private long bytesIn;
    private long peerWindow;
    private long lastAcked;
    private long lastReceiveNanos = System.nanoTime();
    private long handshakeTimer = -1;
    private long pingTimer = -1;
    private String label;

    private RtmpConnection(Transport transport, ConnectionOptions options, Context context, boolean server) {
        this.transport = transport;
        this.options = options;
        this.vertx = context.owner();
        SplittableRandom random;
        synchronized (SEEDS) {
            random = SEEDS.split();
        }
        int uptime = (int) (System.nanoTime() / 1_000_000);
        this.serverHandshake = server ? new ServerHandshake(random, uptime) : null;
        this.clientHandshake = server ? null : new ClientHandshake(random, uptime);
        this.decoder = new ChunkDecoder(options.chunk());
        this.messageDecoder = new MessageDecoder(options.amf());
        this.label = transport.remoteAddress();
    }

    /** A connection accepted by a server; the handshake starts when bytes arrive. */
    public static RtmpConnection accept(Transport transport, ConnectionOptions options, Context context,
                                        ConnectionHandler handler) {
        RtmpConnection c = new RtmpConnection(transport, options, context, true);
        c.start(handler);
        return c;
    }

    /** A connection we opened to a server: sends C0+C1 at once. */
    public static RtmpConnection connect(Transport transport, ConnectionOptions options, Context context,
                                         ConnectionHandler handler) {
        RtmpConnection c = new RtmpConnection(transport, options, context, false);
        c.start(handler);
        ByteBuf out = Unpooled.buffer(1537);
        c.clientHandshake.start(out);
        c.writeRaw(out);
        return c;
    }

    private void start(ConnectionHandler handler) {
        this.handler = handler;
        transport.handler(this::onBytes);
        transport.closeHandler(v -> closed("peer closed the connection"));
        transport.exceptionHandler(e -> close("transport error: " + e.getMessage()));
        transport.shutdownHandler(v -> close("node shutting down"));
        handshakeTimer = vertx.setTimer(options.handshakeTimeoutMillis(),
                id -> close("handshake not completed within " + options.handshakeTimeoutMillis() + " ms"));
    }

    /** Names the connection in logs, e.g. "127.0.0.1:50312 live/cam1". */
    public void label(String label) {
        this.label = label;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public boolean writeQueueFull() {
        return transport.writeQueueFull();
    }

    // --- outbound ---

    /** Sends a message, chunked at our current chunk size. A Set Chunk Size takes effect after itself. */
    public void send(RawMessage m) {
        if (state == State.CLOSED) {
            return;
        }
        ByteBuf out = Unpooled.buffer(ChunkEncoder.encodedSize(m, outChunkSize));
        ChunkEncoder.encode(m, outChunkSize, out);
        if (m.typeId() == MessageType.SET_CHUNK_SIZE) {
            outChunkSize = m.payload().getInt(m.payload().readerIndex());
        }
        writeRaw(out);
    }

    /** Writes already chunk-encoded bytes (shared fan-out bytes). They must be encoded at our chunk size. */
    public void sendEncoded(Buffer wireBytes) {
        if (state == State.OPEN) {
            transport.write(wireBytes);
        }
    }

    private void writeRaw(ByteBuf bytes) {
        transport.write(BufferInternal.buffer(bytes));
    }

    // --- inbound ---

    private void onBytes(Buffer buffer) {
        if (state == State.CLOSED) {
            return;
        }
        ByteBuf bytes = ((BufferInternal) buffer).getByteBuf();
        bytesIn += bytes.readableBytes();
        lastReceiveNanos = System.nanoTime();
        inbound = append(inbound, bytes);
        try {
            if (state == State.HANDSHAKE && !handshake()) {
                keepRemainder();
                return;
            }
            List<MediaMessage> media = new ArrayList<>();
            decoder.decode(inbound, raw -> dispatch(raw, media));
            keepRemainder();
            sendAcknowledgementIfDue();
            if (!media.isEmpty() && state == State.OPEN) {
                handler.onMedia(media);
            }
        } catch (ChunkException | MessageException | AmfException | HandshakeException e) {
            close("protocol error: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours must cost this connection only, never the event loop's other connections.
            LOG.log(System.Logger.Level.WARNING, "unexpected error on " + label, e);
            close("internal error: " + e);
        }
    }

    /**
     * Adds a read to the unread bytes. Appending grows one buffer (amortized, like Netty's merge cumulator), so a
     * peer dribbling a large chunk a byte at a time costs linear, not quadratic, copying. Bytes already read are
     * never moved, since decoded messages may still refer to them.
     */
    private ByteBuf append(ByteBuf unread, ByteBuf bytes) {
        if (!unread.isReadable()) {
            return bytes;
        }
        if (unread != cumulation || cumulation.readerIndex() > cumulation.capacity() / 2) {
            cumulation = Unpooled.buffer(2 * (unread.readableBytes() + bytes.readableBytes())).writeBytes(unread);
        }
        return cumulation.writeBytes(bytes);
    }

    /** Keeps the unread bytes (a partial chunk) within the connection's buffer bound. */
    private void keepRemainder() {
        if (inbound.readableBytes() > options.chunk().maxBufferedBytes()) {
            throw new ChunkException("partial chunk of " + inbound.readableBytes() + " bytes over limit "
                    + options.chunk().maxBufferedBytes());
        }
        if (!inbound.isReadable()) {
            inbound = Unpooled.EMPTY_BUFFER;
        }
    }

    private boolean handshake() {
        ByteBuf out = Unpooled.buffer(0);
        boolean done = serverHandshake != null ? serverHandshake.feed(inbound, out) : clientHandshake.feed(inbound, out);
        if (out.isReadable()) {
            writeRaw(out);
        }
        if (!done) {
            return false;
        }
        state = State.OPEN;
        vertx.cancelTimer(handshakeTimer);
        pingTimer = vertx.setPeriodic(options.pingIntervalMillis(), id -> checkAlive());
        handler.onOpen();
        return state == State.OPEN;
    }

    private void dispatch(RawMessage raw, List<MediaMessage> media) {
        if (state != State.OPEN) {
            return;
        }
        RtmpMessage message = messageDecoder.decode(raw);
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
        } else if (message instanceof SetPeerBandwidth b && clientHandshake != null) {
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
            close("idle for " + quietMillis + " ms");
        } else if (quietMillis >= options.pingIntervalMillis()) {
            long now = (System.nanoTime() - startNanos) / 1_000_000;
            send(Messages.userControl(UserControl.PING_REQUEST, now & 0xFFFFFFFFL));
        }
    }

    // --- closing ---

    /** Closes on purpose, logging one line with the reason. */
    public Future<Void> close(String reason) {
        if (state == State.CLOSED) {
            return Future.succeededFuture();
        }
        LOG.log(System.Logger.Level.INFO, "closing {0}: {1}", label, printable(reason));
        closed(reason);
        return transport.close();
    }

    /**
     * Peer-supplied text (command names, app names) reaches log lines through close reasons: keep it on one line and
     * short, so a peer can neither forge log lines nor fill the disk.
     */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LOGGED_REASON));
        for (int i = 0; i < text.length() && b.length() < MAX_LOGGED_REASON; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > MAX_LOGGED_REASON || b.length() >= MAX_LOGGED_REASON ? b + "..." : b.toString();
    }

    private void closed(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        vertx.cancelTimer(handshakeTimer);
        vertx.cancelTimer(pingTimer);
        inbound = Unpooled.EMPTY_BUFFER;
        handler.onClose(reason);
    }
}
