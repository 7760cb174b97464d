package org.rtmpcluster.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Server side of the RTMP handshake (RTMP 1.0 §5.2), one instance per connection, fed incrementally.
 *
 * <p>Reads C0 and C1, then answers S0+S1+S2 in one write, then skips C2. A C1 that carries a valid Flash Player
 * digest (what ffmpeg, librtmp with FP9 and OBS send) gets a digest S1 and a signed S2, because clients that
 * sent one verify the answer when S1's version is not zero (ffmpeg: first version byte &ge; 3). Any other C1
 * gets the plain answer: S1 with a zero version, which tells those clients not to verify, and S2 echoing C1.
 * C2 is not checked: ffmpeg and librtmp servers only warn about a wrong one, and no client depends on it.
 *
 * <p>Pure: bytes in, bytes out. It consumes only handshake bytes from the caller's buffer, so whatever follows C2
 * stays there for the chunk layer; it keeps at most one 1536-byte C1.
 */
public final class ServerHandshake {

    /** Size of C1, C2, S1 and S2 (RTMP 1.0 §5.2.3). */
    public static final int PACKET_SIZE = 1536;
    /** Version S1 announces in the digest handshake; first byte &ge; 3 so ffmpeg verifies it (nginx-rtmp's). */
    static final int SERVER_VERSION = 0x0D0E0A0D;

    private final RandomGenerator random;
    private final int uptimeMillis;
    private final PeerPackets client = new PeerPackets();
    private boolean done;
    private boolean usedDigest;

    /**
     * @param random       source of S1's and S2's random bytes
     * @param uptimeMillis what S1's time field says (the server's epoch for this connection)
     */
    public ServerHandshake(RandomGenerator random, int uptimeMillis) {
        this.random = Objects.requireNonNull(random, "random");
        this.uptimeMillis = uptimeMillis;
    }

    /**
     * Consumes what it can from {@code in} (never more than the handshake: bytes after C2 are left in {@code in}
     * for the chunk layer), writes S0+S1+S2 to {@code out} once C0+C1 are complete. Returns true once C2 has
     * been consumed (done).
     *
     * @throws HandshakeException if C0 asks for anything but plain RTMP (version 3)
     */
    public boolean feed(ByteBuf in, ByteBuf out) {
        if (client.readFirst(in)) {
            answer(client.first(), out);
        }
        done = client.skipSecond(in);
        return done;
    }

    public boolean isDone() {
        return done;
    }

    /** Whether the client's C1 carried a valid digest and got the digest answer; false until C1 is complete. */
    public boolean usedDigest() {
        return usedDigest;
    }

    private void answer(byte[] c1, ByteBuf out) {
        Optional<DigestScheme> clientScheme = HandshakeFormat.version(c1) == 0
                ? Optional.empty() // a zero version is the plain handshake by definition (RTMP 1.0 §5.2.3)
                : HandshakeDigest.findValidScheme(c1, HandshakeDigest.PLAYER_OPEN_KEY);
        byte[] s1;
        byte[] s2;
        if (clientScheme.isPresent()) {
            DigestScheme scheme = clientScheme.get();
            s1 = HandshakeFormat.newPacket(random, uptimeMillis, SERVER_VERSION);
            HandshakeDigest.imprint(s1, scheme, HandshakeDigest.SERVER_OPEN_KEY);
            s2 = new byte[PACKET_SIZE];
            random.nextBytes(s2);
            HandshakeDigest.sign(s2, HandshakeDigest.carriedDigest(c1, scheme), HandshakeDigest.SERVER_KEY);
            usedDigest = true;
        } else {
            s1 = HandshakeFormat.newPacket(random, uptimeMillis, 0);
            s2 = c1;
        }
        out.writeByte(HandshakeFormat.RTMP_VERSION);
        out.writeBytes(s1);
        out.writeBytes(s2);
    }
}
