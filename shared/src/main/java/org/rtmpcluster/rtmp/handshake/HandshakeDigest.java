package org.rtmpcluster.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 arithmetic of the Flash Player 9+ ("complex") handshake, as librtmp's handshake.h and
 * ffmpeg's rtmpproto.c / rtmpdigest.c do it.
 *
 * <p>C1 and S1 carry a digest of themselves (the packet minus the 32 digest bytes), keyed with the open part of
 * the Flash Player or Flash Media Server key. C2 and S2 answer the peer's digest: their last 32 bytes are
 * HMAC(key = HMAC(full own-side key, peer digest), data = first 1504 bytes). Pure functions over byte arrays.
 */
final class HandshakeDigest {

    static final int DIGEST_LENGTH = 32;
    /** The digest offset inside its 764-byte block is a byte sum modulo 728 (= 764 - 4 offset bytes - 32). */
    static final int OFFSET_MODULUS = 728;
    /** The offset bytes themselves precede the area the digest may occupy. */
    static final int OFFSET_BYTES = 4;
    /** C2/S2: random bytes up to here, the signature after. */
    static final int SIGNED_LENGTH = ServerHandshake.PACKET_SIZE - DIGEST_LENGTH;

    /** The 32 bytes both Adobe keys end with. */
    private static final byte[] KEY_TAIL = {
            (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
            (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
            (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
            (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE,
    };
    private static final String PLAYER_KEY_TEXT = "Genuine Adobe Flash Player 001";
    private static final String SERVER_KEY_TEXT = "Genuine Adobe Flash Media Server 001";

    /** Full Flash Player key (62 bytes): keys the C2 signature. */
    static final byte[] PLAYER_KEY = concat(PLAYER_KEY_TEXT.getBytes(StandardCharsets.US_ASCII), KEY_TAIL);
    /** Full Flash Media Server key (68 bytes): keys the S2 signature. */
    static final byte[] SERVER_KEY = concat(SERVER_KEY_TEXT.getBytes(StandardCharsets.US_ASCII), KEY_TAIL);
    /** Only the text part (30 bytes) keys the C1 digest: ffmpeg PLAYER_KEY_OPEN_PART_LEN. */
    static final byte[] PLAYER_OPEN_KEY = Arrays.copyOf(PLAYER_KEY, PLAYER_KEY_TEXT.length());
    /** Only the text part (36 bytes) keys the S1 digest: ffmpeg SERVER_KEY_OPEN_PART_LEN. */
    static final byte[] SERVER_OPEN_KEY = Arrays.copyOf(SERVER_KEY, SERVER_KEY_TEXT.length());

    /** Validation order, as ffmpeg's client and SRS try it: key block first, then digest block first. */
    private static final DigestScheme[] VALIDATION_ORDER = {DigestScheme.SCHEME_1, DigestScheme.SCHEME_0};

    private HandshakeDigest() {
    }

    /** Index of the digest in a C1/S1 laid out in {@code scheme}; any packet bytes give an index in range. */
    static int digestOffset(byte[] packet, DigestScheme scheme) {
        int base = scheme.offsetBase();
        int sum = 0;
        for (int i = 0; i < OFFSET_BYTES; i++) {
            sum += packet[base + i] & 0xFF;
        }
        return sum % OFFSET_MODULUS + base + OFFSET_BYTES;
    }

    /** HMAC of the whole packet except the 32 bytes at {@code digestOffset}. */
    static byte[] packetDigest(byte[] packet, int digestOffset, byte[] key) {
        Mac mac = hmac(key);
        mac.update(packet, 0, digestOffset);
        int afterDigest = digestOffset + DIGEST_LENGTH;
        mac.update(packet, afterDigest, packet.length - afterDigest);
        return mac.doFinal();
    }

    /** Writes the packet's own digest into it at the place {@code scheme} picks; returns that place. */
    static int imprint(byte[] packet, DigestScheme scheme, byte[] openKey) {
        int offset = digestOffset(packet, scheme);
        byte[] digest = packetDigest(packet, offset, openKey);
        System.arraycopy(digest, 0, packet, offset, DIGEST_LENGTH);
        return offset;
    }

    /** The scheme under which the packet carries a digest valid for {@code openKey}, if any. */
    static Optional<DigestScheme> findValidScheme(byte[] packet, byte[] openKey) {
        for (DigestScheme scheme : VALIDATION_ORDER) {
            int offset = digestOffset(packet, scheme);
            byte[] expected = packetDigest(packet, offset, openKey);
            byte[] carried = Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH);
            if (MessageDigest.isEqual(expected, carried)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    /** The 32 digest bytes a C1/S1 carries under {@code scheme}. */
    static byte[] carriedDigest(byte[] packet, DigestScheme scheme) {
        int offset = digestOffset(packet, scheme);
        return Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH);
    }

    /** The signature a C2/S2 ends with: HMAC(HMAC(fullKey, peerDigest), response[0..1504)). */
    static byte[] responseSignature(byte[] response, byte[] peerDigest, byte[] fullKey) {
        byte[] signingKey = hmac(fullKey).doFinal(peerDigest);
        Mac mac = hmac(signingKey);
        mac.update(response, 0, SIGNED_LENGTH);
        return mac.doFinal();
    }

    /** Overwrites the last 32 bytes of a C2/S2 with its signature. */
    static void sign(byte[] response, byte[] peerDigest, byte[] fullKey) {
        byte[] signature = responseSignature(response, peerDigest, fullKey);
        System.arraycopy(signature, 0, response, SIGNED_LENGTH, DIGEST_LENGTH);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256 (JCA standard names), so this is a broken JDK.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
