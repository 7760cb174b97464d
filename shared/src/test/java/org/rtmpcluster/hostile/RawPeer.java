package org.rtmpcluster.hostile;

import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.chunk.ChunkDecoder;
import org.rtmpcluster.rtmp.chunk.ChunkException;
import org.rtmpcluster.rtmp.chunk.ChunkLimits;
import org.rtmpcluster.rtmp.chunk.RawMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A peer on a plain blocking socket that speaks only as much RTMP as a test makes it: a valid plain handshake if
 * asked, then whatever bytes the test writes. It reads only when told to, so it can also play a client that stops
 * reading. What the server sends after the handshake is kept, so a test can look at it.
 */
final class RawPeer implements AutoCloseable {
    /** RTMP 1.0 §5.2: C1, C2, S1 and S2 are 1536 bytes. */
    static final int HANDSHAKE_PACKET = 1536;
    private static final int PLAIN_RTMP = 3;
    private static final int KEEP_INBOUND_BYTES = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
    private long bytesRead;
    private IOException writeFailure;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The server side of a plain handshake on an accepted socket: S0, S1, S2 echoing C1, then C2 read. */
    static void acceptHandshake(java.net.Socket socket) throws IOException {
        byte[] c0c1 = socket.getInputStream().readNBytes(1 + HANDSHAKE_PACKET);
        byte[] s0s1s2 = new byte[1 + 2 * HANDSHAKE_PACKET];
        s0s1s2[0] = PLAIN_RTMP;
        System.arraycopy(c0c1, 1, s0s1s2, 1 + HANDSHAKE_PACKET, HANDSHAKE_PACKET);
        socket.getOutputStream().write(s0s1s2);
        socket.getInputStream().readNBytes(HANDSHAKE_PACKET);
    }

    static RawPeer connect(int port) {
        return connect(port, 0);
    }

    /** Connects; a positive {@code receiveBufferBytes} is set before connecting, so the TCP window honours it. */
    static RawPeer connect(int port, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setTcpNoDelay(true);
            return new RawPeer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /**
     * The plain handshake (RTMP 1.0 §5.2): C0 = 3 and a C1 with zeros at bytes 4..7 (no digest), then S0+S1+S2
     * read in full, then C2 = S1.
     */
    RawPeer handshake() {
        byte[] c0c1 = new byte[1 + HANDSHAKE_PACKET];
        new Random(port()).nextBytes(c0c1);
        c0c1[0] = PLAIN_RTMP;
        for (int i = 1; i <= 8; i++) {
            c0c1[i] = 0; // time 0, then the zero version that marks a plain C1
        }
        write(c0c1);
        byte[] answer = new byte[1 + 2 * HANDSHAKE_PACKET];
        try {
            socket.setSoTimeout(5_000);
            int filled = 0;
            while (filled < answer.length) {
                int n = in.read(answer, filled, answer.length - filled);
                if (n < 0) {
                    throw new AssertionError("server closed during the handshake after " + filled + " bytes");
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new AssertionError("handshake failed: " + e, e);
        }
        if (answer[0] != PLAIN_RTMP) {
            throw new AssertionError("S0 is " + answer[0] + ", expected " + PLAIN_RTMP);
        }
        byte[] c2 = new byte[HANDSHAKE_PACKET];
        System.arraycopy(answer, 1, c2, 0, HANDSHAKE_PACKET);
        return write(c2);
    }

    /**
     * Writes {@code bytes}. A failed write is remembered, not thrown: a server that has closed on us makes writes
     * fail, and whether it closed is what {@link #awaitClosed} checks.
     */
    RawPeer write(byte[] bytes) {
        if (writeFailure == null) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
        }
        return this;
    }

    /** Whether a write failed (the server had closed the connection by then). */
    boolean writeFailed() {
        return writeFailure != null;
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How the server ended the connection, as this peer saw it. */
    record Closure(String how, long bytesRead, long millis) {
    }

    /**
     * Reads until the server ends the connection (end of stream or a reset) and says how; fails if it is still open
     * after {@code within}. Reading drains whatever the server had sent.
     */
    Closure awaitClosed(Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        byte[] buffer = new byte[16 * 1024];
        try {
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int n = in.read(buffer);
                if (n < 0) {
                    return new Closure("end of stream", bytesRead, elapsedMillis(start));
                }
                keep(buffer, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection from port " + port() + " still open after " + within.toMillis()
                    + " ms (read " + bytesRead + " bytes" + (writeFailed() ? "" : ", every write accepted") + ")");
        } catch (IOException e) {
            return new Closure("reset (" + e.getMessage() + ")", bytesRead, elapsedMillis(start));
        }
    }

    /**
     * Sends a byte every few milliseconds until a write fails, and returns how long that took; fails if writes are
     * still accepted after {@code within}. TCP answers data for a closed socket with a reset (RFC 1122 §4.2.2.13), so
     * a refused write shows the server's socket is really gone, without reading (which would let a server that only
     * pretends to have closed drain its backlog to us and close after that).
     */
    long awaitWritesRefused(Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!writeFailed()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bytes from port " + port() + " still accepted " + within.toMillis()
                        + " ms later: the server still holds the connection open");
            }
            write(new byte[] {0});
            try {
                Thread.sleep(5); // pacing the probes; the outcome is the failed write, not the time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return elapsedMillis(start);
    }

    /** The messages the server sent after the handshake, as far as they were read and decode. */
    List<RawMessage> receivedMessages() {
        List<RawMessage> messages = new ArrayList<>();
        try {
            new ChunkDecoder(ChunkLimits.DEFAULT).decode(Unpooled.wrappedBuffer(inbound.toByteArray()), messages::add);
        } catch (ChunkException e) {
            // what decoded before the error is all there is to look at
        }
        return messages;
    }

    private void keep(byte[] buffer, int n) {
        bytesRead += n;
        if (inbound.size() < KEEP_INBOUND_BYTES) {
            inbound.write(buffer, 0, Math.min(n, KEEP_INBOUND_BYTES - inbound.size()));
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket the server already reset
        }
    }
}
