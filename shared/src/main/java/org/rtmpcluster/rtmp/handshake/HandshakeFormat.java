package org.rtmpcluster.rtmp.handshake;

import java.util.random.RandomGenerator;

/**
 * Layout facts shared by both sides of the handshake: the C0/S0 version byte and the time/version header of
 * C1/S1 (RTMP 1.0 §5.2).
 */
final class HandshakeFormat {

    /** C0/S0 value for plain RTMP (RTMP 1.0 §5.2.2). */
    static final int RTMP_VERSION = 3;
    /** C0 values RTMPE clients send (librtmp: 6, and 8/9 for the Flash Player 10 variants). */
    static final int RTMPE_VERSION = 6;
    static final int RTMPE_FP10_VERSION = 8;
    static final int RTMPE_FP10_XTEA_VERSION = 9;

    /** C1/S1 bytes 0..3: the sender's time, big-endian. */
    static final int TIME_OFFSET = 0;
    /** C1/S1 bytes 4..7: zero in the plain handshake, a Flash Player / FMS version in the digest handshake. */
    static final int VERSION_OFFSET = 4;
    /** Time and version come before the random part. */
    static final int HEADER_LENGTH = 8;

    private HandshakeFormat() {
    }

    /** Refuses any C0/S0 other than 3; the caller passes the byte as read, 0..255. */
    static void requireSupportedVersion(int version) {
        if (version == RTMP_VERSION) {
            return;
        }
        if (version == RTMPE_VERSION || version == RTMPE_FP10_VERSION || version == RTMPE_FP10_XTEA_VERSION) {
            throw new HandshakeException("unsupported RTMP version " + version + " (RTMPE is not supported)");
        }
        throw new HandshakeException("unsupported RTMP version " + version + " (only " + RTMP_VERSION
                + ", plain RTMP, is supported)");
    }

    /** Fills a C1/S1: random body, then the time and version header over its first 8 bytes. */
    static byte[] newPacket(RandomGenerator random, int time, int version) {
        byte[] packet = new byte[ServerHandshake.PACKET_SIZE];
        random.nextBytes(packet);
        writeInt(packet, TIME_OFFSET, time);
        writeInt(packet, VERSION_OFFSET, version);
        return packet;
    }

    /** The 4 version bytes as one int; 0 marks a plain (digest-less) packet. */
    static int version(byte[] packet) {
        return readInt(packet, VERSION_OFFSET);
    }

    private static void writeInt(byte[] packet, int index, int value) {
        packet[index] = (byte) (value >>> 24);
        packet[index + 1] = (byte) (value >>> 16);
        packet[index + 2] = (byte) (value >>> 8);
        packet[index + 3] = (byte) value;
    }

    private static int readInt(byte[] packet, int index) {
        return (packet[index] & 0xFF) << 24 | (packet[index + 1] & 0xFF) << 16
                | (packet[index + 2] & 0xFF) << 8 | (packet[index + 3] & 0xFF);
    }
}
