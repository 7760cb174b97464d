package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * JSON Web Tokens in {@code ?token=<jwt>} (RFC 7519, compact JWS): present when the query has {@code token}. The
 * header's {@code kid} names the key, and the key decides the algorithm: ES256, EdDSA (Ed25519) and RS256 keys
 * come from {@code AUTH_JWKS_URL} ({@link JwkSet}), HS256 secrets from {@code AUTH_KEYS}. A token is valid when
 * its signature holds under that key and its claims pass {@link JwtClaims} for the action and stream key.
 *
 * <p>Refused before any parsing: a token over {@link #MAX_TOKEN_BYTES}. Refused from the header alone: an unsigned
 * token ({@code alg: none}, or no signature), an algorithm other than the four, an algorithm that is not the named
 * key's (an HS256 token is only ever checked against an {@code AUTH_KEYS} secret, never a public key's bytes), a
 * {@code crit} header. Refusals say what is wrong and never repeat the token.
 */
final class JwtScheme implements Scheme {
    /**
     * Longer is refused unread. Real tokens are far shorter: ffmpeg caps the stream name that carries one at 512
     * bytes, so ~400 is the practical limit; this bound only keeps oversized input from being decoded.
     */
    static final int MAX_TOKEN_BYTES = 4096;
    private static final Set<String> ALGS = Set.of("ES256", "EdDSA", "RS256", "HS256");

    private final JwkSet jwks;
    private final AuthKeys keys;
    private final Vertx vertx;
    /** HS256 verifiers, built on first use for each AUTH_KEYS key id a token names. */
    private final Map<String, JwtKey> secretKeys = new ConcurrentHashMap<>();
    private final JwtClaims claims;
    private final boolean cutAtExpiry;
    private final LongSupplier nowMillis;

    JwtScheme(Vertx vertx, JwtOptions options, AuthKeys keys, boolean cutAtExpiry, LongSupplier nowMillis) {
        this.vertx = vertx;
        this.jwks = options.isConfigured() ? new JwkSet(vertx, options.jwksUrl(), nowMillis) : null;
        this.keys = keys;
        this.claims = new JwtClaims(options);
        this.cutAtExpiry = cutAtExpiry;
        this.nowMillis = nowMillis;
    }

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public Future<Grant> check(AuthRequest request) {
        String token = request.params().get("token");
        if (token == null) {
            return Future.succeededFuture();
        }
        try {
            if (token.length() > MAX_TOKEN_BYTES || token.getBytes(StandardCharsets.UTF_8).length > MAX_TOKEN_BYTES) {
                throw new Denied("JWT longer than " + MAX_TOKEN_BYTES + " bytes");
            }
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3) {
                throw new Denied("JWT is not header.payload.signature");
            }
            JsonObject header = json(parts[0], "header");
            String alg = header.getValue("alg") instanceof String a ? a : "";
            // An empty signature is refused here whatever the alg says: a vertx-auth provider whose key did not
            // load (it logs "Unsupported JWK" and goes on) is in its "unsecure" mode, which accepts unsigned tokens.
            if (alg.equalsIgnoreCase("none") || parts[2].isEmpty()) {
                throw new Denied("JWT is not signed (alg none is refused)");
            }
            if (!ALGS.contains(alg)) {
                throw new Denied("JWT alg " + shown(alg) + " is not accepted (ES256, EdDSA, RS256, HS256)");
            }
            if (header.containsKey("crit")) {
                throw new Denied("JWT crit header is not supported");
            }
            if (!(header.getValue("kid") instanceof String kid) || kid.isEmpty()) {
                throw new Denied("JWT without kid");
            }
            String action = request.action().wireName();
            String path = request.path();
            return key(alg, kid)
                    .compose(key -> verified(key, alg, token, parts[1]))
                    .map(payload -> {
                        long exp = claims.check(payload, action, path, nowMillis.getAsLong() / 1000);
                        return Grant.credentialed(name(), payload.getValue("sub") instanceof String s ? s : null,
                                cutAtExpiry ? exp * 1000 : 0);
                    });
        } catch (Denied e) {
            return Future.failedFuture(e);
        }
    }

    /** The key {@code kid} names among those of {@code alg}'s kind. */
    private Future<JwtKey> key(String alg, String kid) {
        if (alg.equals("HS256")) {
            byte[] secret = keys.secret(kid);
            if (secret == null) {
                return Future.failedFuture(unknown(kid));
            }
            return Future.succeededFuture(secretKeys.computeIfAbsent(kid, k -> JwtKey.hs256(vertx, k, secret)));
        }
        if (jwks == null) {
            return Future.failedFuture(new Denied("JWT alg " + alg + " needs AUTH_JWKS_URL, which is not set"));
        }
        return jwks.key(kid).compose(key -> {
            if (key == null) {
                return Future.failedFuture(jwks.loaded() ? unknown(kid)
                        : new Denied("JWT keys could not be fetched from AUTH_JWKS_URL"));
            }
            return Future.succeededFuture(key);
        });
    }

    /** The claims of {@code token} once its signature holds under {@code key}. */
    private Future<JsonObject> verified(JwtKey key, String alg, String token, String payloadPart) {
        if (!key.alg().equals(alg)) {
            return Future.failedFuture(new Denied("JWT alg " + alg + " does not match key " + shown(key.kid())
                    + " (" + key.alg() + ")"));
        }
        return key.verifier().authenticate(new TokenCredentials(token)).transform(verified -> {
            if (verified.failed()) {
                return Future.failedFuture(new Denied("JWT signature invalid"));
            }
            try {
                return Future.succeededFuture(json(payloadPart, "payload"));
            } catch (Denied e) {
                return Future.failedFuture(e);
            }
        });
    }

    private static JsonObject json(String part, String what) {
        try {
            return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(part)));
        } catch (RuntimeException e) {
            throw new Denied("JWT " + what + " is not base64url JSON");
        }
    }

    private static Denied unknown(String kid) {
        return new Denied("JWT key " + shown(kid) + " unknown");
    }

    /** A header value the client chose, quoted when it is tame and left out otherwise. */
    private static String shown(String value) {
        return value.matches("[A-Za-z0-9._-]{1,64}") ? "'" + value + "'" : "(unprintable)";
    }
}
