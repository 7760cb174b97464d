package org.rtmpcluster.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret an HTTP route requires as {@code Authorization: Bearer <token>} (RFC 6750 §2.1), or none. The token
 * itself is not kept: only its SHA-256, to which each presented token is hashed and compared with
 * {@link MessageDigest#isEqual}, so neither the bytes that match nor the token's length show in the time an answer
 * takes. Nothing here logs or returns the token.
 */
final class BearerToken {
    /** Shorter secrets can be guessed at the API's rate; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_LENGTH = 16;
    /** Well under the request headers' limit ({@code HTTP_MAX_HEADER_BYTES}, at least 1024 bytes). */
    static final int MAX_LENGTH = 512;
    private static final String SCHEME = "Bearer";

    /** What a request presented. */
    enum Verdict {
        /** No bearer credentials. */
        MISSING,
        /** A bearer token other than the one required. */
        WRONG,
        /** The required token. */
        GRANTED
    }

    static final BearerToken NONE = new BearerToken(null);

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /** The token {@code token}, or {@link #NONE} when it is empty. */
    static BearerToken of(String token) {
        return token.isEmpty() ? NONE : new BearerToken(sha256(token));
    }

    /**
     * Refuses a token that cannot be sent in a header as it is or is too short to be a secret, naming the
     * {@code setting} and the rule, never the value. An empty token (none) passes.
     */
    static void check(String setting, String token) {
        if (token == null) {
            throw new IllegalArgumentException(setting + ": null");
        }
        if (token.isEmpty()) {
            return;
        }
        if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(setting + ": " + token.length() + " characters, expected "
                    + MIN_LENGTH + ".." + MAX_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(setting + ": character " + (i + 1) + " is not visible ASCII "
                        + "(spaces and control characters cannot be sent in a bearer header)");
            }
        }
    }

    boolean isSet() {
        return digest != null;
    }

    /** Whether {@code request} carries this token; a request to a route without one is {@link Verdict#GRANTED}. */
    Verdict judge(HttpServerRequest request) {
        if (digest == null) {
            return Verdict.GRANTED;
        }
        String presented = presented(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (presented == null) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(digest, sha256(presented)) ? Verdict.GRANTED : Verdict.WRONG;
    }

    /** The token of an {@code Authorization} header of the Bearer scheme (named in any case), or null. */
    static String presented(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the token: a record or a debugger's toString must not show it. */
    @Override
    public String toString() {
        return digest == null ? "BearerToken[none]" : "BearerToken[set]";
    }
}
