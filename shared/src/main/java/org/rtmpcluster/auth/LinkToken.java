package org.rtmpcluster.auth;

/**
 * What an edge's own upstream connections (a pull, a forwarded publish) carry so that an origin lets them through
 * whatever its policy for clients: a signed token for "link-play" or "link-publish" with {@code link=1}, from the
 * node's signing key. Clients' credentials are never sent upstream. Without {@code AUTH_KEYS} there is nothing to
 * sign with, and an origin whose policy is not open refuses the link; the cluster credential replaces this.
 */
public final class LinkToken {
    /** Long enough for a connect over a slow link, short enough that a captured one is soon worthless. */
    static final long TTL_SECONDS = 60;

    private LinkToken() {
    }

    /** The query an upstream {@code action} of {@code path} carries; "" when the node has no key. */
    public static String query(AuthKeys keys, AuthRequest.Action action, String path, long nowMillis) {
        String kid = keys.signingKid();
        if (kid == null) {
            return "";
        }
        return "link=1&" + SignedToken.mint(keys, kid, "link-" + action.wireName(), path,
                nowMillis / 1000 + TTL_SECONDS);
    }
}
