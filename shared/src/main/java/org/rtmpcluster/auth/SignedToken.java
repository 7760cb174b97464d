package org.rtmpcluster.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The signed token a backend mints in three lines: {@code ?exp=<unix seconds>&kid=<key id>&sig=<s>} appended to
 * the stream name, with {@code s = base64url (no padding) of HMAC-SHA256(secret, "<action>|<app>/<name>|<exp>")}.
 * Neither the client's address nor the node's host:port are signed, so a token survives a locate, a redirect, a
 * reconnect request and a drain to another node.
 */
public final class SignedToken {
    private SignedToken() {
    }

    /** What is signed. */
    static String payload(String action, String path, long exp) {
        return action + "|" + path + "|" + exp;
    }

    /** The signature of {@code payload} under {@code secret}. */
    static String sign(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code given} is the signature of {@code payload}, compared in constant time. */
    static boolean verify(byte[] secret, String payload, String given) {
        byte[] expected = sign(secret, payload).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The query suffix (without {@code ?}) that lets a client do {@code action} ("publish", "play") on
     * {@code path} (app/name) until {@code exp} (unix seconds), signed with key {@code kid} of {@code keys}.
     */
    public static String mint(AuthKeys keys, String kid, String action, String path, long exp) {
        byte[] secret = keys.secret(kid);
        if (secret == null) {
            throw new IllegalArgumentException("no key '" + kid + "'");
        }
        return "exp=" + exp + "&kid=" + kid + "&sig=" + sign(secret, payload(action, path, exp));
    }
}
