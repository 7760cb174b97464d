package org.rtmpcluster.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.Map;

/**
 * One key a JWT may name in its {@code kid} header, bound to the one algorithm it verifies: a public key from the
 * JWKS (ES256 for EC P-256, EdDSA for OKP Ed25519, RS256 for RSA) or an {@code AUTH_KEYS} secret (HS256). Binding
 * the algorithm to the key, not taking it from the token, is what defeats algorithm confusion: a token saying HS256
 * is never checked against a public key's bytes.
 *
 * <p>Each key has its own {@code vertx-auth-jwt} provider holding that key alone, so a signature is only ever tried
 * against the key the token names. The provider checks the signature only; the claims are {@link JwtClaims}'s,
 * on this node's clock and with messages a client can act on.
 *
 * @param kid      the key id tokens name
 * @param alg      the JWS algorithm this key verifies
 * @param verifier verifies a compact JWS signed with this key
 */
record JwtKey(String kid, String alg, JWTAuth verifier) {
    /** What each JWK key type verifies: the one algorithm of each that this node accepts. */
    private static final Map<String, String> ALG_OF_KTY = Map.of("EC", "ES256", "OKP", "EdDSA", "RSA", "RS256");
    /** The curve each accepted public-key algorithm needs (RSA has none). */
    private static final Map<String, String> CRV_OF_ALG = Map.of("ES256", "P-256", "EdDSA", "Ed25519");

    /** The key HS256 tokens naming {@code kid} are verified with. */
    static JwtKey hs256(Vertx vertx, String kid, byte[] secret) {
        return new JwtKey(kid, "HS256", JWTAuth.create(vertx, options()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setId(kid).setBuffer(Buffer.buffer(secret)))));
    }

    /**
     * The key a JWKS entry describes.
     *
     * @throws IllegalArgumentException saying why the entry is not usable (no kid, a type, curve, use or algorithm
     *                                  this node does not verify); the caller skips it
     */
    static JwtKey fromJwk(Vertx vertx, JsonObject jwk) {
        String kid = jwk.getValue("kid") instanceof String s ? s : null;
        if (kid == null || kid.isEmpty()) {
            throw new IllegalArgumentException("a key without kid (tokens name their key)");
        }
        String kty = jwk.getValue("kty") instanceof String s ? s : "";
        String alg = ALG_OF_KTY.get(kty);
        if (alg == null) {
            throw new IllegalArgumentException("key '" + kid + "': key type '" + kty + "' is not EC, OKP or RSA");
        }
        Object use = jwk.getValue("use");
        if (use != null && !"sig".equals(use)) {
            throw new IllegalArgumentException("key '" + kid + "': use is not sig");
        }
        Object declared = jwk.getValue("alg");
        if (declared != null && !alg.equals(declared)) {
            throw new IllegalArgumentException("key '" + kid + "': alg " + declared + " (this node verifies " + alg
                    + " for " + kty + " keys)");
        }
        String crv = CRV_OF_ALG.get(alg);
        if (crv != null && !crv.equals(jwk.getValue("crv"))) {
            throw new IllegalArgumentException("key '" + kid + "': " + kty + " curve is not " + crv);
        }
        JsonObject pinned = jwk.copy().put("alg", alg); // vertx-auth picks the algorithm from the JWK's alg
        return new JwtKey(kid, alg, JWTAuth.create(vertx, options().addJwk(pinned)));
    }

    /**
     * The provider checks the signature only: expiry is {@link JwtClaims}'s (on the injected clock), and no issuer
     * or audience is set here.
     */
    private static JWTAuthOptions options() {
        return new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true));
    }
}
