package org.rtmpcluster.rtmp.handshake;

import io.netty.buffer.ByteBuf;

/**
 * What either side reads from the other, incrementally: the version byte (C0/S0), the first packet (C1/S1), kept
 * whole because the answer is built from it, and the second packet (C2/S2), skipped because neither side judges
 * it. Consumes only handshake bytes, so whatever follows stays in the caller's buffer.
 */
final class PeerPackets {
    private enum Part { VERSION, FIRST, SECOND, DONE, FAILED }

    private final byte[] first = new byte[ServerHandshake.PACKET_SIZE];
    private Part part = Part.VERSION;
    private int firstFilled;
    private int secondSkipped;

    /**
     * Reads the version byte and the first packet; true exactly once, when the first packet has just completed
     * (the moment to answer it).
     *
     * @throws HandshakeException on a version other than plain RTMP
     */
    boolean readFirst(ByteBuf in) {
        if (part == Part.FAILED) {
            throw new IllegalStateException("handshake already failed; close the connection");
        }
        if (part == Part.VERSION && in.isReadable()) {
            try {
                HandshakeFormat.requireSupportedVersion(in.readUnsignedByte());
            } catch (HandshakeException e) {
                part = Part.FAILED;
                throw e;
            }
            part = Part.FIRST;
        }
        if (part == Part.FIRST && in.isReadable()) {
            int n = Math.min(in.readableBytes(), first.length - firstFilled);
            in.readBytes(first, firstFilled, n);
            firstFilled += n;
            if (firstFilled == first.length) {
                part = Part.SECOND;
                return true;
            }
        }
        return false;
    }

    /** Skips what it can of the second packet; true once all of it has been read. */
    boolean skipSecond(ByteBuf in) {
        if (part == Part.SECOND && in.isReadable()) {
            int n = Math.min(in.readableBytes(), first.length - secondSkipped);
            in.skipBytes(n);
            secondSkipped += n;
            if (secondSkipped == first.length) {
                part = Part.DONE;
            }
        }
        return part == Part.DONE;
    }

    /** The first packet (C1 or S1); complete once {@link #readFirst} returned true. */
    byte[] first() {
        return first;
    }
}
