package org.rtmpcluster.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, independent implementation of the digest handshake for the tests to check the codec against. It
 * follows librtmp's handshake.h line by line (GetDigestOffset1/2, CalculateDigest copying the packet minus the
 * digest into one message, VerifyDigest) and replays the checks ffmpeg's and librtmp's clients make on
 * S1/S2. It shares no code or constants with {@link HandshakeDigest}.
 */
final class ReferenceHandshake {

    static final int SIG_SIZE = 1536;
    static final int SHA256_DIGEST_LENGTH = 32;

    private static final byte[] KEY_TAIL = HexFormat.of().parseHex(
            "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae");
    static final byte[] GENUINE_FP_KEY = join("Genuine Adobe Flash Player 001", KEY_TAIL);
    static final byte[] GENUINE_FMS_KEY = join("Genuine Adobe Flash Media Server 001", KEY_TAIL);

    /** What a client made of a server's S1/S2, in the words its log would use. */
    enum ClientVerdict { PLAIN_NOT_CHECKED, GENUINE_SERVER, SERVER_DIGEST_NOT_VERIFIED, SIGNATURE_MISMATCH }

    private ReferenceHandshake() {
    }

    /** librtmp GetDigestOffset1: digest block first. */
    static int getDigestOffset1(byte[] handshake) {
        int offset = (handshake[8] & 0xFF) + (handshake[9] & 0xFF) + (handshake[10] & 0xFF) + (handshake[11] & 0xFF);
        return offset % 728 + 12;
    }

    /** librtmp GetDigestOffset2: key block first. */
    static int getDigestOffset2(byte[] handshake) {
        int offset = (handshake[772] & 0xFF) + (handshake[773] & 0xFF) + (handshake[774] & 0xFF)
                + (handshake[775] & 0xFF);
        return offset % 728 + 776;
    }

    /** librtmp CalculateDigest with the key cut to {@code keyLen} bytes. */
    static byte[] calculateDigest(int digestPos, byte[] handshake, byte[] key, int keyLen) {
        byte[] message = new byte[SIG_SIZE - SHA256_DIGEST_LENGTH];
        System.arraycopy(handshake, 0, message, 0, digestPos);
        System.arraycopy(handshake, digestPos + SHA256_DIGEST_LENGTH, message, digestPos,
                message.length - digestPos);
        return hmacSha256(message, Arrays.copyOf(key, keyLen));
    }

    static boolean verifyDigest(int digestPos, byte[] handshake, byte[] key, int keyLen) {
        byte[] calc = calculateDigest(digestPos, handshake, key, keyLen);
        return Arrays.equals(calc, Arrays.copyOfRange(handshake, digestPos, digestPos + SHA256_DIGEST_LENGTH));
    }

    /** Builds a C1 the way librtmp's FP9 HandShake does, with the digest placed by offset function 1 or 2. */
    static byte[] librtmpC1(byte[] randomBody, int uptime, boolean keyBlockFirst) {
        byte[] c1 = randomBody.clone();
        c1[0] = (byte) (uptime >>> 24);
        c1[1] = (byte) (uptime >>> 16);
        c1[2] = (byte) (uptime >>> 8);
        c1[3] = (byte) uptime;
        c1[4] = 9;
        c1[5] = 0;
        c1[6] = 124;
        c1[7] = 2;
        int pos = keyBlockFirst ? getDigestOffset2(c1) : getDigestOffset1(c1);
        System.arraycopy(calculateDigest(pos, c1, GENUINE_FP_KEY, 30), 0, c1, pos, SHA256_DIGEST_LENGTH);
        return c1;
    }

    /** Builds an S1 with a digest the way librtmp's SHandShake does (FMS 36-byte key). */
    static byte[] librtmpS1(byte[] randomBody, boolean keyBlockFirst) {
        byte[] s1 = randomBody.clone();
        s1[4] = 3;
        s1[5] = 5;
        s1[6] = 1;
        s1[7] = 1;
        int pos = keyBlockFirst ? getDigestOffset2(s1) : getDigestOffset1(s1);
        System.arraycopy(calculateDigest(pos, s1, GENUINE_FMS_KEY, 36), 0, s1, pos, SHA256_DIGEST_LENGTH);
        return s1;
    }

    /** Position of the client digest in a C1 as librtmp's server finds it, or -1. */
    static int clientDigestPos(byte[] c1) {
        if (verifyDigest(getDigestOffset1(c1), c1, GENUINE_FP_KEY, 30)) {
            return getDigestOffset1(c1);
        }
        if (verifyDigest(getDigestOffset2(c1), c1, GENUINE_FP_KEY, 30)) {
            return getDigestOffset2(c1);
        }
        return -1;
    }

    /** The last 32 bytes a response must carry: HMAC(HMAC(fullKey, peerDigest), response[0..1504)). */
    static byte[] expectedSignature(byte[] response, byte[] peerPacket, int peerDigestPos, byte[] fullKey) {
        byte[] peerDigest = Arrays.copyOfRange(peerPacket, peerDigestPos, peerDigestPos + SHA256_DIGEST_LENGTH);
        byte[] digestResp = hmacSha256(peerDigest, fullKey);
        return hmacSha256(Arrays.copyOf(response, SIG_SIZE - SHA256_DIGEST_LENGTH), digestResp);
    }

    /**
     * ffmpeg rtmpproto.c rtmp_handshake, playing side (is_input): checks S1's digest (772 first, then 8) and
     * S2's signature only when S1's first version byte is at least 3.
     */
    static ClientVerdict ffmpegPlayerVerdict(byte[] c1Sent, byte[] s1, byte[] s2) {
        if ((s1[4] & 0xFF) < 3) {
            return ClientVerdict.PLAIN_NOT_CHECKED;
        }
        if (!verifyDigest(getDigestOffset2(s1), s1, GENUINE_FMS_KEY, 36)
                && !verifyDigest(getDigestOffset1(s1), s1, GENUINE_FMS_KEY, 36)) {
            return ClientVerdict.SERVER_DIGEST_NOT_VERIFIED; // "Server response validating failed"
        }
        // ffmpeg always places its own C1 digest with the 8-based offset when not encrypting.
        byte[] signature = expectedSignature(s2, c1Sent, getDigestOffset1(c1Sent), GENUINE_FMS_KEY);
        if (!Arrays.equals(signature, Arrays.copyOfRange(s2, SIG_SIZE - SHA256_DIGEST_LENGTH, SIG_SIZE))) {
            return ClientVerdict.SIGNATURE_MISMATCH; // "Signature mismatch"
        }
        return ClientVerdict.GENUINE_SERVER;
    }

    /**
     * librtmp handshake.h HandShake with FP9 on, type 3: a zero first version byte in S1 turns the checks off;
     * otherwise S1's digest must verify (offset 2 first, then 1) and S2 must carry the signature.
     */
    static ClientVerdict librtmpVerdict(byte[] c1Sent, int c1DigestPos, byte[] s1, byte[] s2) {
        if (s1[4] == 0) {
            return ClientVerdict.PLAIN_NOT_CHECKED;
        }
        if (!verifyDigest(getDigestOffset2(s1), s1, GENUINE_FMS_KEY, 36)
                && !verifyDigest(getDigestOffset1(s1), s1, GENUINE_FMS_KEY, 36)) {
            return ClientVerdict.SERVER_DIGEST_NOT_VERIFIED; // "Couldn't verify the server digest"
        }
        byte[] signature = expectedSignature(s2, c1Sent, c1DigestPos, GENUINE_FMS_KEY);
        if (!Arrays.equals(signature, Arrays.copyOfRange(s2, SIG_SIZE - SHA256_DIGEST_LENGTH, SIG_SIZE))) {
            return ClientVerdict.SIGNATURE_MISMATCH; // "Server not genuine Adobe!"
        }
        return ClientVerdict.GENUINE_SERVER;
    }

    static byte[] hmacSha256(byte[] message, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] join(String text, byte[] tail) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
