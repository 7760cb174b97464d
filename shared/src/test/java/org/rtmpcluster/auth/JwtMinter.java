package org.rtmpcluster.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens as an identity provider mints them, with the JDK's own crypto and nothing of the code under test: the
 * compact JWS serialization (RFC 7515 §7.1), {@code base64url(header) . base64url(claims) . base64url(signature)},
 * and each key's public half as a JWK (RFC 7517, RFC 8037 for Ed25519).
 */
final class JwtMinter {
    private JwtMinter() {
    }

    /** Signs the JWS signing input. */
    @FunctionalInterface
    interface SignFunction {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }

    /**
     * A signing key: its kid and algorithm, how it signs, its public JWK and the X.509 encoding of its public key
     * (both null for a shared secret).
     */
    record Signer(String kid, String alg, SignFunction sign, JsonObject jwk, byte[] publicDer) {
        /** A token with {@code claims}, its header naming this key. */
        String mint(JsonObject claims) {
            return compact(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), claims, sign);
        }
    }

    static Signer es256(String kid) {
        KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        JsonObject jwk = new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", kid).put("use", "sig")
                .put("x", b64(unsigned(pub.getW().getAffineX(), 32)))
                .put("y", b64(unsigned(pub.getW().getAffineY(), 32)));
        // JWS ES256 signatures are r||s (RFC 7518 §3.4), which is the JDK's P1363 format
        return new Signer(kid, "ES256", signature("SHA256withECDSAinP1363Format", pair.getPrivate()), jwk,
                pub.getEncoded());
    }

    static Signer eddsa(String kid) {
        KeyPair pair = generate("Ed25519", null);
        byte[] spki = pair.getPublic().getEncoded(); // the raw 32-byte key ends the SubjectPublicKeyInfo
        JsonObject jwk = new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("kid", kid)
                .put("x", b64(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        return new Signer(kid, "EdDSA", signature("Ed25519", pair.getPrivate()), jwk, spki);
    }

    static Signer rs256(String kid) {
        KeyPair pair = generate("RSA", null);
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256")
                .put("n", b64(unsigned(pub.getModulus(), 0))).put("e", b64(unsigned(pub.getPublicExponent(), 0)));
        return new Signer(kid, "RS256", signature("SHA256withRSA", pair.getPrivate()), jwk, pub.getEncoded());
    }

    static Signer hs256(String kid, byte[] secret) {
        return new Signer(kid, "HS256", hmac(secret), null, null);
    }

    /** HMAC-SHA256 with {@code secret}, whatever its bytes are (also a public key's, for confusion attacks). */
    static SignFunction hmac(byte[] secret) {
        return input -> {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input);
        };
    }

    /** The compact serialization of {@code header} and {@code claims}, signed by {@code sign}. */
    static String compact(JsonObject header, JsonObject claims, SignFunction sign) {
        String input = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            return input + "." + b64(sign.sign(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims allowing {@code action} on each of {@code paths} until {@code exp}, in claim {@code rtmp}. */
    static JsonObject claims(long exp, String action, String... paths) {
        JsonArray permissions = new JsonArray();
        for (String path : paths) {
            permissions.add(new JsonObject().put("action", action).put("path", path));
        }
        return new JsonObject().put("sub", "user-1").put("exp", exp).put("rtmp", permissions);
    }

    /** A JWKS document holding {@code signers}' public keys. */
    static JsonObject jwks(Signer... signers) {
        JsonArray keys = new JsonArray();
        for (Signer s : signers) {
            keys.add(s.jwk());
        }
        return new JsonObject().put("keys", keys);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignFunction signature(String algorithm, PrivateKey key) {
        return input -> {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(input);
            return s.sign();
        };
    }

    /** Big-endian without the sign byte, left-padded to {@code length} when it is not 0. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length == 0 || bytes.length == length) {
            return bytes;
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
