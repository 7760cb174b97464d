package org.rtmpcluster.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** How AUTH_PUBLISH and AUTH_PLAY combine their schemes, and what every scheme shares. */
class AuthPolicyTest {
    private static final AuthKeys KEYS = AuthKeys.parse("k1:0123456789abcdef-secret");
    private static final long EXP = 1_900_000_000L;
    private final AtomicLong now = new AtomicLong((EXP - 3600) * 1000);

    @Test
    void nothingConfiguredPublishesFromLoopbackOnlyAndPlaysOpen() {
        AuthPolicy p = policy(AuthOptions.DEFAULT);
        assertEquals("loopback", grant(p, AuthRequest.Action.PUBLISH, "127.0.0.1", "").scheme());
        assertEquals("loopback", grant(p, AuthRequest.Action.PUBLISH, "::1", "").scheme());
        assertEquals("publish of live/cam1 is allowed from the server's own machine only",
                denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7", "").getMessage());
        assertEquals("open", grant(p, AuthRequest.Action.PLAY, "203.0.113.7", "").scheme());
        assertEquals("open", grant(p, AuthRequest.Action.CONNECT, "203.0.113.7", "").scheme());
    }

    @Test
    void theFirstSchemeThatFindsItsCredentialDecides() {
        AuthPolicy p = policy(options(List.of("loopback", "token"), List.of("token")));
        String token = SignedToken.mint(KEYS, "k1", "publish", "live/cam1", EXP);
        // loopback allows a local peer without credentials; a credential sent is judged by its scheme, even locally.
        assertEquals("loopback", grant(p, AuthRequest.Action.PUBLISH, "127.0.0.1", "").scheme());
        assertEquals("token", grant(p, AuthRequest.Action.PUBLISH, "127.0.0.1", token).scheme());
        assertEquals("unknown token key id", denied(p, AuthRequest.Action.PUBLISH, "127.0.0.1", "sig=broken&kid=x")
                .getMessage());
        assertEquals("token", grant(p, AuthRequest.Action.PUBLISH, "203.0.113.7", token).scheme());
        assertTrue(denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7", token.replace("sig=", "sig=x"))
                .getMessage().startsWith("token signature does not match"));
        assertEquals("publish of live/cam1 needs token (or a connection from the server's own machine)",
                denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7", "").getMessage());
        assertEquals("play of live/cam1 needs token", denied(p, AuthRequest.Action.PLAY, "127.0.0.1", "")
                .getMessage());
    }

    @Test
    void anEdgeLinkPassesWithTheClusterCredentialWhateverThePolicyForClients() {
        LinkToken links = LinkToken.of("the-cluster-secret-0123");
        AuthPolicy p = AuthPolicy.create(null, options(List.of("token"), List.of("token")), links, "node", "origin",
                now::get);
        String link = links.query(AuthRequest.Action.PLAY, "live/cam1", now.get());
        Grant g = grant(p, AuthRequest.Action.PLAY, "203.0.113.7", link);
        assertEquals("link", g.scheme());
        assertFalse(g.credentialed(), "a link does not take a stream over at once");
        // A link token is for links only: not for the other action, not as a client's token.
        assertInstanceOf(Denied.class, denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7",
                link.replace("link-play", "x")));
        assertEquals("unknown token key id", denied(p, AuthRequest.Action.PLAY, "203.0.113.7",
                link.replace("link=1&", "")).getMessage());
        assertEquals("", LinkToken.NONE.query(AuthRequest.Action.PLAY, "live/cam1", now.get()));
        // Another cluster's link, or one to a node without a cluster secret, is refused.
        String foreign = LinkToken.of("another-cluster-secret").query(AuthRequest.Action.PLAY, "live/cam1", now.get());
        assertTrue(denied(p, AuthRequest.Action.PLAY, "203.0.113.7", foreign).getMessage()
                .startsWith("cluster link refused: token signature does not match"));
        assertEquals("this node takes no cluster links (no CLUSTER_SECRET)", denied(policy(options(List.of("token"),
                List.of("token"))), AuthRequest.Action.PLAY, "198.51.100.9", link).getMessage());
        // The cluster's key is derived from the secret, not the secret: a client token signed with it is refused.
        assertTrue(denied(p, AuthRequest.Action.PLAY, "198.51.100.10", SignedToken.mint(
                AuthKeys.parse("cluster:the-cluster-secret-0123"), "cluster", "play", "live/cam1", EXP))
                .getMessage().startsWith("unknown token key id"));
    }

    @Test
    void anAddressThatKeepsGuessingIsRefusedBeforeAnySchemeLooks() {
        AuthPolicy p = policy(options(List.of("token"), List.of("open")));
        String valid = SignedToken.mint(KEYS, "k1", "publish", "live/cam1", EXP);
        for (int i = 0; i < 60; i++) { // a minute's budget at once (30), then some
            denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7", "sig=guess" + i + "&kid=k1&exp=" + EXP);
        }
        assertEquals("too many refused attempts from this address; try again later",
                denied(p, AuthRequest.Action.PUBLISH, "203.0.113.7", valid).getMessage());
        assertEquals("token", grant(p, AuthRequest.Action.PUBLISH, "198.51.100.1", valid).scheme(),
                "another address is not held back");
        now.addAndGet(3 * 60_000); // the bucket drains at 30 a minute
        assertEquals("token", grant(p, AuthRequest.Action.PUBLISH, "203.0.113.7", valid).scheme());
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertEquals("AUTH_PUBLISH lists token: set AUTH_KEYS or AUTH_KEYS_FILE", assertThrows(
                IllegalArgumentException.class, () -> new AuthOptions(List.of("token"), List.of("open"),
                        AuthKeys.NONE, 60, false, JwtOptions.NONE, WebhookOptions.NONE, "", false, 0)).getMessage());
        assertEquals("AUTH_PLAY: 'open' allows everyone, so it stands alone", assertThrows(
                IllegalArgumentException.class, () -> options(List.of("loopback"), List.of("open", "token")))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(List.of("tokens"), List.of("open")))
                .getMessage().startsWith("AUTH_PUBLISH: unknown scheme 'tokens'"));
    }

    @Test
    void credentialsAreStrippedFromAQueryAndTheRestKept() {
        assertEquals("a=1&b", QueryParams.withoutCredentials("exp=1&a=1&kid=k&sig=s&token=t&b&authmod=adobe"
                + "&user=u&challenge=c&response=r&opaque=o&link=1"));
        assertEquals("Ab", QueryParams.parse("s%69g=%41b").get("sig"));
        assertNull(QueryParams.parse("").get("sig"));
    }

    private AuthPolicy policy(AuthOptions options) {
        return AuthPolicy.create(null, options, "node", "origin", now::get);
    }

    private static AuthOptions options(List<String> publish, List<String> play) {
        return new AuthOptions(publish, play, KEYS, AuthOptions.DEFAULT_MAX_TTL_SECONDS, false, JwtOptions.NONE,
                WebhookOptions.NONE, "", false, AuthOptions.DEFAULT_FAILURES_PER_MINUTE);
    }

    private static Grant grant(AuthPolicy p, AuthRequest.Action action, String peer, String query) {
        Future<Grant> f = p.authorize(new AuthRequest(action, "live", action == AuthRequest.Action.CONNECT ? null
                : "cam1", query, peer));
        assertTrue(f.succeeded(), () -> action + " from " + peer + " refused: " + f.cause());
        return f.result();
    }

    private static Throwable denied(AuthPolicy p, AuthRequest.Action action, String peer, String query) {
        Future<Grant> f = p.authorize(new AuthRequest(action, "live", "cam1", query, peer));
        assertTrue(f.failed(), () -> action + " from " + peer + " allowed: " + f.result());
        return f.cause();
    }
}
