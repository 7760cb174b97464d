package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HandshakeDigestTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The fixture C1: time 0, version 80 00 07 02, byte i = (13 i + 7) mod 256 elsewhere, scheme-0 offset bytes
     * 01 02 03 04 and scheme-1 offset bytes FF FF FF FF. The expected values below were computed once outside
     * Java (Python hmac/hashlib) and are also recomputed here by {@link ReferenceHandshake}.
     */
    static byte[] fixtureC1() {
        byte[] c1 = new byte[ServerHandshake.PACKET_SIZE];
        for (int i = 0; i < c1.length; i++) {
            c1[i] = (byte) (i * 13 + 7);
        }
        System.arraycopy(HEX.parseHex("0000000080000702" + "01020304"), 0, c1, 0, 12);
        System.arraycopy(HEX.parseHex("ffffffff"), 0, c1, 772, 4);
        return c1;
    }

    private static final String FIXTURE_SCHEME_0_PLAYER_DIGEST =
            "4dfb54992589840e114555737eaad71db9f65e3bc091c8f21e9440c23355bf4f";
    private static final String FIXTURE_SCHEME_1_PLAYER_DIGEST =
            "6cc835b935e119a093e09d8d396e24a34878cc4b8a55d1d973428f8d732d450d";
    private static final String FIXTURE_SCHEME_0_SERVER_DIGEST =
            "f12d2d3078e1223f5d599cb8fd25765e48d05614edc3b509e61d48f050f34bc3";
    /** HMAC(HMAC(full FMS key, scheme-0 player digest), response) for response byte i = (5 i + 1) mod 256. */
    private static final String FIXTURE_RESPONSE_SIGNATURE =
            "8e6912bbe93ac8e9b91ffe8e21708d3c71eeb041a9f8df98da2e3363d65b5d48";

    @Test
    void scheme0OffsetIsSumOfBytes8To11Plus12() {
        // (1 + 2 + 3 + 4) % 728 + 8 + 4
        assertEquals(22, HandshakeDigest.digestOffset(fixtureC1(), DigestScheme.SCHEME_0));
    }

    @Test
    void scheme1OffsetIsSumOfBytes772To775Plus776() {
        // (4 * 255) % 728 + 772 + 4 = 292 + 776
        assertEquals(1068, HandshakeDigest.digestOffset(fixtureC1(), DigestScheme.SCHEME_1));
    }

    @Test
    void offsetSumWrapsAtModulus728() {
        byte[] packet = new byte[ServerHandshake.PACKET_SIZE];
        packet[8] = (byte) 255;
        packet[9] = (byte) 255;
        packet[10] = (byte) 217; // sum 727: the last offset before the wrap
        assertEquals(727 + 12, HandshakeDigest.digestOffset(packet, DigestScheme.SCHEME_0));
        packet[10] = (byte) 218; // sum 728 wraps to the start of the block
        assertEquals(12, HandshakeDigest.digestOffset(packet, DigestScheme.SCHEME_0));
    }

    @Test
    void everyOffsetByteSumKeepsTheDigestInsideItsBlock() {
        byte[] packet = new byte[ServerHandshake.PACKET_SIZE];
        for (int sum = 0; sum <= 4 * 255; sum++) {
            fillOffsetBytes(packet, 8, sum);
            fillOffsetBytes(packet, 772, sum);
            int scheme0 = HandshakeDigest.digestOffset(packet, DigestScheme.SCHEME_0);
            int scheme1 = HandshakeDigest.digestOffset(packet, DigestScheme.SCHEME_1);
            assertTrue(scheme0 >= 12 && scheme0 + 32 <= 772, "scheme 0 digest at " + scheme0 + " for sum " + sum);
            assertTrue(scheme1 >= 776 && scheme1 + 32 <= 1536, "scheme 1 digest at " + scheme1 + " for sum " + sum);
        }
    }

    @Test
    void playerDigestOfFixtureMatchesKnownVectorInBothSchemes() {
        byte[] c1 = fixtureC1();
        byte[] scheme0 = HandshakeDigest.packetDigest(c1, 22, HandshakeDigest.PLAYER_OPEN_KEY);
        byte[] scheme1 = HandshakeDigest.packetDigest(c1, 1068, HandshakeDigest.PLAYER_OPEN_KEY);

        assertEquals(FIXTURE_SCHEME_0_PLAYER_DIGEST, HEX.formatHex(scheme0));
        assertEquals(FIXTURE_SCHEME_1_PLAYER_DIGEST, HEX.formatHex(scheme1));
        assertArrayEquals(ReferenceHandshake.calculateDigest(22, c1, ReferenceHandshake.GENUINE_FP_KEY, 30), scheme0);
        assertArrayEquals(ReferenceHandshake.calculateDigest(1068, c1, ReferenceHandshake.GENUINE_FP_KEY, 30),
                scheme1);
    }

    @Test
    void serverDigestOfFixtureUsesThe36ByteOpenFmsKey() {
        byte[] c1 = fixtureC1();
        byte[] digest = HandshakeDigest.packetDigest(c1, 22, HandshakeDigest.SERVER_OPEN_KEY);

        assertEquals(FIXTURE_SCHEME_0_SERVER_DIGEST, HEX.formatHex(digest));
        assertArrayEquals(ReferenceHandshake.calculateDigest(22, c1, ReferenceHandshake.GENUINE_FMS_KEY, 36), digest);
    }

    @Test
    void responseSignatureIsHmacKeyedWithHmacOfFullKeyOverPeerDigest() {
        byte[] response = new byte[ServerHandshake.PACKET_SIZE];
        for (int i = 0; i < response.length; i++) {
            response[i] = (byte) (i * 5 + 1);
        }
        byte[] peerDigest = HEX.parseHex(FIXTURE_SCHEME_0_PLAYER_DIGEST);

        byte[] signature = HandshakeDigest.responseSignature(response, peerDigest, HandshakeDigest.SERVER_KEY);

        assertEquals(FIXTURE_RESPONSE_SIGNATURE, HEX.formatHex(signature));
        byte[] c1WithDigest = fixtureC1();
        System.arraycopy(peerDigest, 0, c1WithDigest, 22, 32);
        assertArrayEquals(ReferenceHandshake.expectedSignature(response, c1WithDigest, 22,
                ReferenceHandshake.GENUINE_FMS_KEY), signature);
    }

    @Test
    void keysAreAdobeStringsFollowedByTheShared32ByteTail() {
        assertEquals(62, HandshakeDigest.PLAYER_KEY.length);
        assertEquals(68, HandshakeDigest.SERVER_KEY.length);
        assertArrayEquals("Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII),
                HandshakeDigest.PLAYER_OPEN_KEY);
        assertArrayEquals("Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII),
                HandshakeDigest.SERVER_OPEN_KEY);
        assertEquals("f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae",
                HEX.formatHex(Arrays.copyOfRange(HandshakeDigest.SERVER_KEY, 36, 68)));
        assertArrayEquals(ReferenceHandshake.GENUINE_FP_KEY, HandshakeDigest.PLAYER_KEY);
        assertArrayEquals(ReferenceHandshake.GENUINE_FMS_KEY, HandshakeDigest.SERVER_KEY);
    }

    @Test
    void imprintedDigestIsFoundInItsOwnScheme() {
        for (DigestScheme scheme : DigestScheme.values()) {
            byte[] packet = randomPacket(scheme.ordinal());
            HandshakeDigest.imprint(packet, scheme, HandshakeDigest.PLAYER_OPEN_KEY);

            assertEquals(Optional.of(scheme), HandshakeDigest.findValidScheme(packet, HandshakeDigest.PLAYER_OPEN_KEY));
        }
    }

    @Test
    void digestUnderTheOtherKeyIsNotFound() {
        byte[] packet = randomPacket(7);
        HandshakeDigest.imprint(packet, DigestScheme.SCHEME_0, HandshakeDigest.PLAYER_OPEN_KEY);

        assertEquals(Optional.empty(), HandshakeDigest.findValidScheme(packet, HandshakeDigest.SERVER_OPEN_KEY));
    }

    @Test
    void oneFlippedByteOutsideTheDigestInvalidatesIt() {
        byte[] packet = randomPacket(8);
        int offset = HandshakeDigest.imprint(packet, DigestScheme.SCHEME_1, HandshakeDigest.PLAYER_OPEN_KEY);
        packet[offset - 1] ^= 1;

        assertEquals(Optional.empty(), HandshakeDigest.findValidScheme(packet, HandshakeDigest.PLAYER_OPEN_KEY));
    }

    @Test
    void signWritesTheResponseSignatureIntoTheLast32Bytes() {
        byte[] response = randomPacket(9);
        byte[] head = Arrays.copyOf(response, 1504);
        byte[] peerDigest = HEX.parseHex(FIXTURE_SCHEME_0_PLAYER_DIGEST);

        HandshakeDigest.sign(response, peerDigest, HandshakeDigest.PLAYER_KEY);

        assertArrayEquals(head, Arrays.copyOf(response, 1504), "first 1504 bytes untouched");
        assertArrayEquals(HandshakeDigest.responseSignature(response, peerDigest, HandshakeDigest.PLAYER_KEY),
                Arrays.copyOfRange(response, 1504, 1536));
    }

    private static void fillOffsetBytes(byte[] packet, int base, int sum) {
        for (int i = 0; i < 4; i++) {
            int part = Math.min(255, sum);
            packet[base + i] = (byte) part;
            sum -= part;
        }
    }

    static byte[] randomPacket(long seed) {
        byte[] packet = new byte[ServerHandshake.PACKET_SIZE];
        new SplittableRandom(seed).nextBytes(packet);
        return packet;
    }
}
