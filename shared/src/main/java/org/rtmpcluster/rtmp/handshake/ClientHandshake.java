package org.rtmpcluster.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Client side of the RTMP handshake (RTMP 1.0 §5.2), one instance per outgoing connection, fed incrementally.
 *
 * <p>Sends C0 and a C1 carrying a Flash Player digest with a nonzero player version, because some servers
 * (Wowza and FMS are the usual examples) refuse a zero-version C1. When S1 has a nonzero version and a valid
 * server digest, C2 is the signed answer to it (what those servers check); otherwise C2 echoes S1, the plain
 * handshake. S2 is read and not judged: many servers send an S2 that is neither an echo of C1 nor correctly
 * signed, and refusing it would only make the client fragile.
 *
 * <p>Pure: bytes in, bytes out. Bytes after S2 stay in the caller's buffer for the chunk layer.
 */
public final class ClientHandshake {

    /** Player version C1 announces: 128.0.7.2, a Flash Player 10 style version (nonzero marks a digest C1). */
    static final int PLAYER_VERSION = 0x80000702;

    private static final int PACKET_SIZE = ServerHandshake.PACKET_SIZE;

    private enum State { NEW, STARTED, DONE }

    private final RandomGenerator random;
    private final int uptimeMillis;
    private final DigestScheme scheme;
    private State state = State.NEW;
    private final PeerPackets server = new PeerPackets();
    private boolean serverDigestValid;

    /** A client that places its C1 digest in scheme 0, as ffmpeg and librtmp do for plain RTMP. */
    public ClientHandshake(RandomGenerator random, int uptimeMillis) {
        this(random, uptimeMillis, DigestScheme.SCHEME_0);
    }

    /**
     * @param random       source of C1's and C2's random bytes
     * @param uptimeMillis what C1's time field says
     * @param scheme       where C1 carries its digest
     */
    public ClientHandshake(RandomGenerator random, int uptimeMillis, DigestScheme scheme) {
        this.random = Objects.requireNonNull(random, "random");
        this.uptimeMillis = uptimeMillis;
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /** Writes C0+C1. */
    public void start(ByteBuf out) {
        if (state != State.NEW) {
            throw new IllegalStateException("handshake already started (state " + state + ")");
        }
        byte[] c1 = HandshakeFormat.newPacket(random, uptimeMillis, PLAYER_VERSION);
        HandshakeDigest.imprint(c1, scheme, HandshakeDigest.PLAYER_OPEN_KEY);
        out.writeByte(HandshakeFormat.RTMP_VERSION);
        out.writeBytes(c1);
        state = State.STARTED;
    }

    /**
     * Consumes S0, S1, S2 (leaving any bytes after S2 in {@code in}); writes C2 to {@code out} once S1 is
     * complete. Returns true when done.
     *
     * @throws HandshakeException if S0 announces anything but plain RTMP (version 3)
     */
    public boolean feed(ByteBuf in, ByteBuf out) {
        if (state == State.NEW) {
            throw new IllegalStateException("feed before start: C0+C1 have not been sent");
        }
        if (server.readFirst(in)) {
            out.writeBytes(c2(server.first()));
        }
        if (server.skipSecond(in)) {
            state = State.DONE;
        }
        return state == State.DONE;
    }

    public boolean isDone() {
        return state == State.DONE;
    }

    /** Whether S1 carried a valid server digest, so C2 was the signed answer; false until S1 is complete. */
    boolean serverDigestValid() {
        return serverDigestValid;
    }

    private byte[] c2(byte[] s1) {
        // librtmp and ffmpeg take a zero S1 version as "the server does the plain handshake" and skip the check.
        Optional<DigestScheme> serverScheme = HandshakeFormat.version(s1) == 0
                ? Optional.empty()
                : HandshakeDigest.findValidScheme(s1, HandshakeDigest.SERVER_OPEN_KEY);
        if (serverScheme.isEmpty()) {
            return s1.clone();
        }
        serverDigestValid = true;
        byte[] c2 = new byte[PACKET_SIZE];
        random.nextBytes(c2);
        HandshakeDigest.sign(c2, HandshakeDigest.carriedDigest(s1, serverScheme.get()), HandshakeDigest.PLAYER_KEY);
        return c2;
    }
}
