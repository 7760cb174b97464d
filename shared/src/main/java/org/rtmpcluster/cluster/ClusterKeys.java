package org.rtmpcluster.cluster;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HMAC-SHA256 with keys derived from {@code CLUSTER_SECRET}, one per purpose ("rtmp-cluster member v1", ...), so that
 * a value made for one purpose never verifies as another. Fields are length-prefixed: no two field lists give the
 * same bytes ("a" + "bc" is not "ab" + "c").
 */
final class ClusterKeys {
    private static final String HMAC = "HmacSHA256";

    private ClusterKeys() {
    }

    /** HMAC(secret, purpose): the key for {@code purpose}; the secret itself signs nothing. */
    static byte[] derive(String secret, String purpose) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), purpose.getBytes(StandardCharsets.UTF_8));
    }

    /** The MAC of {@code fields} under {@code key}, base64url without padding. */
    static String mac(byte[] key, String... fields) {
        int size = 0;
        byte[][] bytes = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            bytes[i] = (fields[i] == null ? "" : fields[i]).getBytes(StandardCharsets.UTF_8);
            size += 4 + bytes[i].length;
        }
        ByteBuffer message = ByteBuffer.allocate(size);
        for (byte[] b : bytes) {
            message.putInt(b.length).put(b);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, message.array()));
    }

    /** Compares in constant time: how long a comparison takes says nothing of how much of a MAC was right. */
    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
