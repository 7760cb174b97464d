package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.auth.AuthRequest.Action;
import org.rtmpcluster.auth.JwtMinter.Signer;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class JwtSchemeTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Signer ES = JwtMinter.es256("ec1");
    private static final Signer ED = JwtMinter.eddsa("ed1");
    private static final Signer RS = JwtMinter.rs256("rsa1");
    private static final Signer HS = JwtMinter.hs256("hk1", SECRET.getBytes(StandardCharsets.UTF_8));

    private Vertx vertx;
    private JwksServer jwks;
    private JwtScheme scheme;
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        jwks = JwksServer.start(vertx, JwtMinter.jwks(ES, ED, RS));
    }

    @AfterEach
    void stop() {
        jwks.close();
        TestNode.await(vertx.close());
    }

    @Test
    void es256TokenFromTheJwksAllowsPublishOfItsKey() {
        Grant grant = allowed(scheme(), Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
        assertTrue(grant.credentialed());
        assertEquals("jwt", grant.scheme());
        assertEquals("user-1", grant.subject());
    }

    @Test
    void eddsaTokenFromTheJwksAllowsPlay() {
        allowed(scheme(), Action.PLAY, "live/cam1", ED.mint(JwtMinter.claims(inSeconds(600), "play", "live/cam1")));
    }

    @Test
    void rs256TokenFromTheJwksAllowsPublish() {
        allowed(scheme(), Action.PUBLISH, "live/cam1",
                RS.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
    }

    @Test
    void hs256TokenSignedWithAnAuthKeysSecretAllowsPublish() {
        allowed(scheme(), Action.PUBLISH, "live/cam1",
                HS.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
    }

    @Test
    void hs256WorksWithoutAJwksUrl() {
        JwtScheme scheme = scheme(new JwtOptions("", "", "", "rtmp"));
        allowed(scheme, Action.PUBLISH, "live/cam1", HS.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
        assertEquals("JWT alg ES256 needs AUTH_JWKS_URL, which is not set", refused(scheme, Action.PUBLISH,
                "live/cam1", ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"))));
    }

    @Test
    void grantEndsAtExpWhenCuttingAtExpiry() {
        long exp = inSeconds(600);
        Grant grant = allowed(scheme(), Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(exp, "publish", "live/cam1")));
        assertEquals(exp * 1000, grant.expiresAtMillis());
        Grant uncut = allowed(new JwtScheme(vertx, options(), keys(), false, clock::get), Action.PUBLISH,
                "live/cam1", ES.mint(JwtMinter.claims(exp, "publish", "live/cam1")));
        assertEquals(0, uncut.expiresAtMillis());
    }

    @Test
    void queryWithoutTokenAbstains() {
        Future<Grant> checked = scheme().check(new AuthRequest(Action.PUBLISH, "live", "cam1", "exp=1&x=y",
                "10.0.0.1"));
        assertNull(TestNode.await(checked));
    }

    @Test
    void expiredTokenIsRefused() {
        assertEquals("JWT expired", refused(scheme(), Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(inSeconds(-31), "publish", "live/cam1"))));
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAllowed() {
        allowed(scheme(), Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(inSeconds(-JwtClaims.CLOCK_SKEW_SECONDS + 5), "publish", "live/cam1")));
    }

    @Test
    void tokenWithoutExpIsRefused() {
        JsonObject claims = JwtMinter.claims(0, "publish", "live/cam1");
        claims.remove("exp");
        assertEquals("JWT without exp", refused(scheme(), Action.PUBLISH, "live/cam1", ES.mint(claims)));
    }

    @Test
    void tokenNotValidBeforeALaterTimeIsRefused() {
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1").put("nbf", inSeconds(120));
        assertEquals("JWT not valid yet (nbf)", refused(scheme(), Action.PUBLISH, "live/cam1", ES.mint(claims)));
        clock.addAndGet(120_000);
        allowed(scheme(), Action.PUBLISH, "live/cam1", ES.mint(claims));
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() {
        JwtScheme scheme = scheme(new JwtOptions(jwks.url(), "https://idp.example", "", "rtmp"));
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        assertEquals("JWT issuer is not https://idp.example", refused(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims.copy().put("iss", "https://evil.example"))));
        assertEquals("JWT issuer is not https://idp.example", refused(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims)));
        allowed(scheme, Action.PUBLISH, "live/cam1", ES.mint(claims.copy().put("iss", "https://idp.example")));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        JwtScheme scheme = scheme(new JwtOptions(jwks.url(), "", "rtmp-cluster", "rtmp"));
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        assertEquals("JWT audience does not include rtmp-cluster", refused(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims.copy().put("aud", "billing"))));
        assertEquals("JWT audience does not include rtmp-cluster", refused(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims.copy().put("aud", new JsonArray().add("billing")))));
        allowed(scheme, Action.PUBLISH, "live/cam1", ES.mint(claims.copy().put("aud", "rtmp-cluster")));
        allowed(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims.copy().put("aud", new JsonArray().add("billing").add("rtmp-cluster"))));
    }

    @Test
    void permissionForAnotherKeyIsRefused() {
        String token = ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"));
        assertEquals("JWT does not allow publish of live/cam2", refused(scheme(), Action.PUBLISH, "live/cam2",
                token));
        assertEquals("JWT does not allow play of live/cam1", refused(scheme(), Action.PLAY, "live/cam1", token));
    }

    @Test
    void prefixPermissionAllowsEveryKeyUnderIt() {
        String token = ES.mint(JwtMinter.claims(inSeconds(600), "play", "live/*"));
        allowed(scheme(), Action.PLAY, "live/cam1", token);
        allowed(scheme(), Action.PLAY, "live/other", token);
        assertEquals("JWT does not allow play of studio/cam1", refused(scheme(), Action.PLAY, "studio/cam1", token));
    }

    @Test
    void permissionsAreReadFromTheConfiguredClaim() {
        JwtScheme scheme = scheme(new JwtOptions(jwks.url(), "", "", "streams"));
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        assertEquals("JWT does not allow publish of live/cam1", refused(scheme, Action.PUBLISH, "live/cam1",
                ES.mint(claims)));
        allowed(scheme, Action.PUBLISH, "live/cam1", ES.mint(claims.copy().put("streams", claims.getValue("rtmp"))));
    }

    @Test
    void unsignedTokenIsRefused() {
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        String none = JwtMinter.compact(new JsonObject().put("alg", "none").put("kid", "ec1"), claims,
                input -> new byte[0]);
        assertEquals("JWT is not signed (alg none is refused)", refused(scheme(), Action.PUBLISH, "live/cam1", none));
        String noneWithSignature = JwtMinter.compact(new JsonObject().put("alg", "none").put("kid", "ec1"), claims,
                input -> new byte[] {1, 2, 3});
        assertEquals("JWT is not signed (alg none is refused)", refused(scheme(), Action.PUBLISH, "live/cam1",
                noneWithSignature));
        String es256Unsigned = JwtMinter.compact(new JsonObject().put("alg", "ES256").put("kid", "ec1"), claims,
                input -> new byte[0]);
        assertEquals("JWT is not signed (alg none is refused)", refused(scheme(), Action.PUBLISH, "live/cam1",
                es256Unsigned));
    }

    @Test
    void hs256TokenSignedWithThePublicKeysBytesIsRefused() {
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        for (byte[] publicBytes : List.of(RS.publicDer(), RS.jwk().encode().getBytes(StandardCharsets.UTF_8),
                JwtMinter.b64(RS.publicDer()).getBytes(StandardCharsets.US_ASCII))) {
            String confused = JwtMinter.compact(new JsonObject().put("alg", "HS256").put("kid", "rsa1"), claims,
                    JwtMinter.hmac(publicBytes));
            assertEquals("JWT key 'rsa1' unknown", refused(scheme(), Action.PUBLISH, "live/cam1", confused));
        }
    }

    @Test
    void algorithmOtherThanTheKeysIsRefused() {
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1");
        String rsNamingEc = JwtMinter.compact(new JsonObject().put("alg", "RS256").put("kid", "ec1"), claims,
                RS.sign());
        assertEquals("JWT alg RS256 does not match key 'ec1' (ES256)", refused(scheme(), Action.PUBLISH,
                "live/cam1", rsNamingEc));
        String hs512 = JwtMinter.compact(new JsonObject().put("alg", "HS512").put("kid", "hk1"), claims,
                HS.sign());
        assertEquals("JWT alg 'HS512' is not accepted (ES256, EdDSA, RS256, HS256)", refused(scheme(),
                Action.PUBLISH, "live/cam1", hs512));
    }

    @Test
    void tamperedClaimsFailTheSignature() {
        String token = ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"));
        String[] parts = token.split("\\.");
        String widened = JwtMinter.b64(JwtMinter.claims(inSeconds(600), "publish", "live/*").encode()
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("JWT signature invalid", refused(scheme(), Action.PUBLISH, "live/cam2",
                parts[0] + "." + widened + "." + parts[2]));
        String otherKey = JwtMinter.compact(new JsonObject().put("alg", "ES256").put("kid", "ec1"),
                JwtMinter.claims(inSeconds(600), "publish", "live/cam1"), JwtMinter.es256("ec1").sign());
        assertEquals("JWT signature invalid", refused(scheme(), Action.PUBLISH, "live/cam1", otherKey));
    }

    @Test
    void malformedTokensAreRefusedSayingWhy() {
        JwtScheme scheme = scheme();
        assertEquals("JWT is not header.payload.signature", refused(scheme, Action.PUBLISH, "live/cam1", "abc"));
        assertEquals("JWT header is not base64url JSON", refused(scheme, Action.PUBLISH, "live/cam1", "!!.e30.e30"));
        String noKid = JwtMinter.compact(new JsonObject().put("alg", "ES256"),
                JwtMinter.claims(inSeconds(600), "publish", "live/cam1"), ES.sign());
        assertEquals("JWT without kid", refused(scheme, Action.PUBLISH, "live/cam1", noKid));
    }

    @Test
    void tokenOverTheSizeBoundIsRefusedUnread() {
        JsonObject claims = JwtMinter.claims(inSeconds(600), "publish", "live/cam1").put("pad", "x".repeat(4000));
        String token = ES.mint(claims);
        JwtScheme scheme = scheme();
        assertTrue(token.length() > JwtScheme.MAX_TOKEN_BYTES);
        assertEquals("JWT longer than 4096 bytes", refused(scheme, Action.PUBLISH, "live/cam1", token));
        assertEquals("JWT longer than 4096 bytes", refused(scheme, Action.PUBLISH, "live/cam1",
                "x".repeat(JwtScheme.MAX_TOKEN_BYTES + 1)));
    }

    @Test
    void unknownKidRefetchesOnceAMinute() {
        JwtScheme scheme = scheme();
        allowed(scheme, Action.PUBLISH, "live/cam1", ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
        assertEquals(1, jwks.requests());

        Signer rolled = JwtMinter.es256("ec2");
        Signer later = JwtMinter.eddsa("ed2");
        jwks.serve(JwtMinter.jwks(ES, ED, RS, rolled));
        allowed(scheme, Action.PUBLISH, "live/cam1",
                rolled.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1")));
        assertEquals(2, jwks.requests(), "an unknown kid fetches the key set again");

        jwks.serve(JwtMinter.jwks(ES, ED, RS, rolled, later));

        String laterToken = later.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"));
        assertEquals("JWT key 'ed2' unknown", refused(scheme, Action.PUBLISH, "live/cam1", laterToken));
        assertEquals("JWT key 'nobody' unknown", refused(scheme, Action.PUBLISH, "live/cam1",
                JwtMinter.compact(new JsonObject().put("alg", "ES256").put("kid", "nobody"),
                        JwtMinter.claims(inSeconds(600), "publish", "live/cam1"), ES.sign())));
        assertEquals(2, jwks.requests(), "a second unknown kid within a minute does not fetch");

        clock.addAndGet(JwkSet.REFETCH_INTERVAL_MILLIS);
        allowed(scheme, Action.PUBLISH, "live/cam1", laterToken);
        assertEquals(3, jwks.requests(), "a minute later an unknown kid fetches again");
    }

    @Test
    void failedFetchKeepsTheKeysThereWere() {
        JwtScheme scheme = scheme();
        String token = ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"));
        allowed(scheme, Action.PUBLISH, "live/cam1", token);

        jwks.answerWith(500);
        String unknown = JwtMinter.es256("ec9").mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"));
        assertEquals("JWT key 'ec9' unknown", refused(scheme, Action.PUBLISH, "live/cam1", unknown));
        assertEquals(2, jwks.requests());
        allowed(scheme, Action.PUBLISH, "live/cam1", token);

        jwks.answerWith(200);
        jwks.serveRaw("{\"keys\":[" + "{\"kty\":\"oct\"},".repeat(JwkSet.MAX_BYTES / 14) + "{}]}");
        clock.addAndGet(JwkSet.REFETCH_INTERVAL_MILLIS);
        assertEquals("JWT key 'ec9' unknown", refused(scheme, Action.PUBLISH, "live/cam1", unknown));
        assertEquals(3, jwks.requests());
        allowed(scheme, Action.PUBLISH, "live/cam1", token);

        jwks.serveRaw("not json");
        clock.addAndGet(JwkSet.REFETCH_INTERVAL_MILLIS);
        assertEquals("JWT key 'ec9' unknown", refused(scheme, Action.PUBLISH, "live/cam1", unknown));
        assertEquals(4, jwks.requests());
        allowed(scheme, Action.PUBLISH, "live/cam1", token);
    }

    @Test
    void keySetOlderThanItsMaxAgeIsRefreshedInTheBackground() {
        JwkSet set = new JwkSet(vertx, jwks.url(), clock::get);
        assertEquals("ec1", TestNode.await(set.key("ec1")).kid());
        jwks.serve(JwtMinter.jwks(ED, RS)); // the provider withdrew ec1

        clock.addAndGet(JwkSet.MAX_AGE_MILLIS + 1);
        assertEquals("ec1", TestNode.await(set.key("ec1")).kid(), "the check goes on with the keys there are");
        Await.until(() -> "ec1 withdrawn (have " + set.kids() + ")", () -> !set.kids().contains("ec1"));
        assertEquals(2, jwks.requests());

        jwks.answerWith(500);
        clock.addAndGet(JwkSet.MAX_AGE_MILLIS + 1);
        TestNode.await(set.key("ed1"));
        Await.until(() -> "the refresh (requests " + jwks.requests() + ")", () -> jwks.requests() == 3);
        TestNode.await(set.key("ed1"));
        TestNode.await(set.key("ed1"));
        assertEquals(3, jwks.requests(), "a failing provider is asked again only a minute later");
        assertEquals(List.of("ed1", "rsa1"), set.kids().stream().sorted().toList());
    }

    @Test
    void keysTheNodeCannotUseAreSkipped() {
        JsonObject unusable = JwtMinter.jwks(ES);
        unusable.getJsonArray("keys")
                .add(JwtMinter.es256("noKid").jwk().copy().put("kid", ""))
                .add(JwtMinter.es256("enc").jwk().copy().put("use", "enc"))
                .add(JwtMinter.rs256("rs384").jwk().copy().put("alg", "RS384"))
                .add(JwtMinter.es256("p384").jwk().copy().put("crv", "P-384"))
                .add(new JsonObject().put("kty", "oct").put("kid", "sym").put("k", "c2VjcmV0"));
        jwks.serve(unusable);
        JwkSet set = new JwkSet(vertx, jwks.url(), clock::get);
        assertEquals(ES.jwk().getString("kid"), TestNode.await(set.key("ec1")).kid());
        assertEquals(List.of("ec1"), set.kids());
    }

    @Test
    void checkDuringTheFirstFetchWaitsForIt() {
        Promise<Void> release = jwks.holdAnswers();
        JwtScheme scheme = scheme();
        Future<Grant> checked = scheme.check(request(Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"))));
        assertFalse(checked.isComplete());
        release.complete();
        assertTrue(TestNode.await(checked).credentialed());
    }

    @Test
    void unreachableJwksRefusesSayingSo() {
        jwks.close();
        JwtScheme scheme = new JwtScheme(vertx, new JwtOptions(jwks.url(), "", "", "rtmp"), keys(), true,
                clock::get);
        assertEquals("JWT keys could not be fetched from AUTH_JWKS_URL", refused(scheme, Action.PUBLISH,
                "live/cam1", ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"))));
        jwks = JwksServer.start(vertx, JwtMinter.jwks(ES)); // for stop()
    }

    @Test
    void policyWithJwtRefusesAPublishWithoutToken() {
        AuthOptions options = new AuthOptions(List.of("jwt"), List.of("open"), keys(),
                AuthOptions.DEFAULT_MAX_TTL_SECONDS, false, options(), WebhookOptions.NONE, "", false, 0);
        AuthPolicy policy = AuthPolicy.create(vertx, options, "node", "origin", clock::get);
        assertEquals("publish of live/cam1 needs jwt", message(policy.authorize(new AuthRequest(Action.PUBLISH,
                "live", "cam1", "", "10.0.0.1"))));
        assertTrue(TestNode.await(policy.authorize(request(Action.PUBLISH, "live/cam1",
                ES.mint(JwtMinter.claims(inSeconds(600), "publish", "live/cam1"))))).credentialed());
    }

    /** The scheme with the JWKS and no iss or aud, one per test (each scheme fetches the key set). */
    private JwtScheme scheme() {
        if (scheme == null) {
            scheme = scheme(options());
        }
        return scheme;
    }

    private JwtScheme scheme(JwtOptions options) {
        return new JwtScheme(vertx, options, keys(), true, clock::get);
    }

    private JwtOptions options() {
        return new JwtOptions(jwks.url(), "", "", "rtmp");
    }

    private static AuthKeys keys() {
        return AuthKeys.parse("hk1:" + SECRET);
    }

    private long inSeconds(long seconds) {
        return clock.get() / 1000 + seconds;
    }

    private static AuthRequest request(Action action, String path, String token) {
        int slash = path.indexOf('/');
        return new AuthRequest(action, path.substring(0, slash), path.substring(slash + 1), "token=" + token,
                "10.0.0.1");
    }

    private static Grant allowed(JwtScheme scheme, Action action, String path, String token) {
        Grant grant = TestNode.await(scheme.check(request(action, path, token)));
        assertTrue(grant != null && grant.credentialed(), "a credentialed grant: " + grant);
        return grant;
    }

    private static String refused(JwtScheme scheme, Action action, String path, String token) {
        String message = message(scheme.check(request(action, path, token)));
        assertFalse(message.contains(token), "the refusal repeats the token");
        return message;
    }

    /** The refusal a future ends with. */
    private static String message(Future<Grant> future) {
        try {
            Grant grant = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            return fail("allowed, not refused: " + grant);
        } catch (ExecutionException e) {
            return assertInstanceOf(Denied.class, e.getCause()).getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
