package org.rtmpcluster.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The two digests of {@code authmod=adobe}, as ffmpeg, GStreamer and librtmp (OBS) compute them: standard base64
 * with padding of MD5 over the concatenated strings.
 */
final class AdobeDigest {
    private AdobeDigest() {
    }

    /**
     * What the server stores for a user: {@code b64(md5(user + salt + password))}. For this protocol it is as good as
     * the password (a client that holds it can answer any challenge), so it is kept like one.
     */
    static String storedHash(String user, String salt, String password) {
        return b64md5(user + salt + password);
    }

    /** The answer to {@code nonce} (the server's opaque or challenge) with the client's own {@code challenge2}. */
    static String response(String storedHash, String nonce, String challenge2) {
        return b64md5(storedHash + nonce + challenge2);
    }

    private static String b64md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
