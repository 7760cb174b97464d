package org.rtmpcluster.auth;

import java.nio.charset.StandardCharsets;

/**
 * The cluster's own credential on its links: what an edge's upstream connections (a pull, a forwarded publish)
 * carry so that an origin lets them through whatever its policy for clients, never a viewer's token. A signed token
 * for "link-play" or "link-publish" with {@code link=1}, lasting {@link #TTL_SECONDS}, under a key derived from
 * {@code CLUSTER_SECRET} (so the secret itself never signs anything a client sees, and other uses of it derive other
 * keys). Without a cluster secret there is nothing to sign with: an edge's link is then served only as any player
 * would be under {@code AUTH_PLAY}.
 */
public final class LinkToken {
    public static final LinkToken NONE = new LinkToken(AuthKeys.NONE);
    /** Long enough for a connect over a slow link, short enough that a captured one is soon worthless. */
    static final long TTL_SECONDS = 60;
    private static final String KID = "cluster";

    private final AuthKeys keys;

    private LinkToken(AuthKeys keys) {
        this.keys = keys;
    }

    /** The links of a cluster whose nodes share {@code clusterSecret}; {@link #NONE} for an empty one. */
    public static LinkToken of(String clusterSecret) {
        if (clusterSecret == null || clusterSecret.isEmpty()) {
            return NONE;
        }
        return new LinkToken(AuthKeys.parse(KID + ":" + derive(clusterSecret, "rtmp-cluster link v1")));
    }

    /** HMAC-SHA256(secret, purpose), base64url: a key of its own for each use of the cluster secret. */
    static String derive(String secret, String purpose) {
        return SignedToken.sign(secret.getBytes(StandardCharsets.UTF_8), purpose);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The query an upstream {@code action} of {@code path} carries; "" without a cluster secret. */
    public String query(AuthRequest.Action action, String path, long nowMillis) {
        if (keys.isEmpty()) {
            return "";
        }
        return "link=1&" + SignedToken.mint(keys, KID, "link-" + action.wireName(), path,
                nowMillis / 1000 + TTL_SECONDS);
    }

    /**
     * Checks a link's token for {@code action} on {@code path}.
     *
     * @throws Denied when it is not a valid link token of this cluster
     */
    void verify(AuthRequest.Action action, String path, QueryParams params, long nowMillis) {
        if (keys.isEmpty()) {
            throw new Denied("this node takes no cluster links (no CLUSTER_SECRET)");
        }
        try {
            new TokenScheme(keys, TTL_SECONDS, false, () -> nowMillis).verify("link-" + action.wireName(), path,
                    params);
        } catch (Denied e) {
            throw new Denied("cluster link refused: " + e.getMessage());
        }
    }
}
