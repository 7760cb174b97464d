package org.rtmpcluster.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SignedTokenTest {
    private static final AuthKeys KEYS = AuthKeys.parse("k1:0123456789abcdef-secret,k2:another-secret-of-16+");
    /** 2030-03-17, fixed so the signature below is a fixture. */
    private static final long EXP = 1_900_000_000L;
    private static final long NOW = (EXP - 3600) * 1000;

    /** The README's python3 and openssl one-liners print exactly this for k1, publish, live/cam1, EXP. */
    @Test
    void signatureMatchesTheDocumentedOneLiners() {
        assertEquals("exp=1900000000&kid=k1&sig=5FcybgUNjcD9PrdU0-WmhAH2ZnJCo4W2CEpwuFZr9A4",
                SignedToken.mint(KEYS, "k1", "publish", "live/cam1", EXP));
    }

    @Test
    void aValidTokenIsGrantedWithItsKey() {
        Grant g = tokens(false).verifyGrant(request(AuthRequest.Action.PUBLISH, "live", "cam1",
                SignedToken.mint(KEYS, "k2", "publish", "live/cam1", EXP)));
        assertTrue(g.credentialed());
        assertEquals("token", g.scheme());
        assertEquals(0, g.expiresAtMillis(), "checked at start only unless the operator cuts at expiry");
        assertEquals(EXP * 1000, tokens(true).verifyGrant(request(AuthRequest.Action.PUBLISH, "live", "cam1",
                SignedToken.mint(KEYS, "k2", "publish", "live/cam1", EXP))).expiresAtMillis());
    }

    @Test
    void eachWrongTokenIsRefusedSayingWhy() {
        String valid = SignedToken.mint(KEYS, "k1", "publish", "live/cam1", EXP);
        record Case(String query, String action, String stream, String why) {
        }
        for (Case c : List.of(
                new Case(valid.replace("exp=1900000000", "exp=1900000001"), "publish", "cam1",
                        "token signature does not match"), // exp is signed: a changed exp breaks the signature
                new Case(SignedToken.mint(KEYS, "k1", "publish", "live/cam1", NOW / 1000), "publish", "cam1",
                        "token expired"),
                new Case(valid, "publish", "cam2", "token signature does not match publish of live/cam2"),
                new Case(valid, "play", "cam1", "token signature does not match play of live/cam1"),
                new Case(valid.replace("kid=k1", "kid=k9"), "publish", "cam1", "unknown token key id"),
                new Case(valid.replace("kid=k1&", ""), "publish", "cam1", "token without kid"),
                new Case(valid.replace("exp=1900000000&", ""), "publish", "cam1", "token without a valid exp"),
                new Case(SignedToken.mint(KEYS, "k1", "publish", "live/cam1", NOW / 1000 + 31L * 24 * 3600),
                        "publish", "cam1", "token expires further ahead than AUTH_MAX_TTL_S allows"))) {
            AuthRequest r = request("publish".equals(c.action) ? AuthRequest.Action.PUBLISH : AuthRequest.Action.PLAY,
                    "live", c.stream, c.query);
            Denied d = assertThrows(Denied.class, () -> tokens(false).verifyGrant(r), c.toString());
            assertTrue(d.getMessage().startsWith(c.why), c + " -> " + d.getMessage());
        }
    }

    @Test
    void aRequestWithoutSigIsNotTheTokensToDecide() {
        assertEquals(null, tokens(false).check(request(AuthRequest.Action.PLAY, "live", "cam1", "x=1")).result());
    }

    @Test
    void badKeyListsAreRefusedWithoutNamingTheSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthKeys.parse("k1:short"));
        assertEquals("the secret of key 'k1' is shorter than 16 bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuthKeys.parse("nocolon"));
        assertThrows(IllegalArgumentException.class,
                () -> AuthKeys.parse("k1:0123456789abcdef,k1:0123456789abcdef"));
        assertEquals("k1", AuthKeys.parse("# rotation\nk1:0123456789abcdef\nk0:fedcba9876543210\n").signingKid());
    }

    @Test
    void theTokenCommandPrintsWhatTheSchemeAccepts() {
        String query = TokenCommand.run(new String[] {"play", "/live/cam1/", "--ttl", "60", "--kid", "k2"},
                "k1:0123456789abcdef-secret,k2:another-secret-of-16+", null, NOW);
        assertEquals("exp=" + (NOW / 1000 + 60) + "&kid=k2", query.substring(0, query.indexOf("&sig=")));
        assertTrue(tokens(false).verifyGrant(request(AuthRequest.Action.PLAY, "live", "cam1", query)).credentialed());
    }

    private static TokenScheme tokens(boolean cut) {
        return new TokenScheme(KEYS, AuthOptions.DEFAULT_MAX_TTL_SECONDS, cut, () -> NOW);
    }

    static AuthRequest request(AuthRequest.Action action, String app, String stream, String query) {
        return new AuthRequest(action, app, stream, query, "203.0.113.7");
    }
}
