package org.rtmpcluster.auth;

import io.vertx.core.Future;

import java.util.function.LongSupplier;

/**
 * Signed tokens ({@link SignedToken}): present when the query has {@code sig}. Valid when its key is known, the
 * signature matches the action and key, and {@code exp} is neither past nor further ahead than the longest
 * lifetime allowed (a token minted for ever is a leaked password).
 */
final class TokenScheme implements Scheme {
    private final AuthKeys keys;
    private final long maxTtlSeconds;
    private final boolean cutAtExpiry;
    private final LongSupplier nowMillis;

    TokenScheme(AuthKeys keys, long maxTtlSeconds, boolean cutAtExpiry, LongSupplier nowMillis) {
        this.keys = keys;
        this.maxTtlSeconds = maxTtlSeconds;
        this.cutAtExpiry = cutAtExpiry;
        this.nowMillis = nowMillis;
    }

    @Override
    public String name() {
        return "token";
    }

    @Override
    public Future<Grant> check(AuthRequest request) {
        QueryParams p = request.params();
        String sig = p.get("sig");
        if (sig == null || p.has("link")) {
            return Future.succeededFuture(); // no token here (a link token is the policy's own)
        }
        try {
            return Future.succeededFuture(verifyGrant(request));
        } catch (Denied e) {
            return Future.failedFuture(e);
        }
    }

    /** The grant of the request's token. @throws Denied saying what is wrong with it */
    Grant verifyGrant(AuthRequest request) {
        long exp = verify(request.action().wireName(), request.path(), request.params());
        return Grant.credentialed(name(), "kid " + request.params().get("kid"), cutAtExpiry ? exp * 1000 : 0);
    }

    /**
     * The token's {@code exp} (unix seconds) when {@code p} holds a valid token for {@code action} on {@code path}.
     *
     * @throws Denied saying what is wrong with it
     */
    long verify(String action, String path, QueryParams p) {
        String kid = p.get("kid");
        byte[] secret = keys.secret(kid);
        if (secret == null) {
            throw new Denied(kid == null ? "token without kid" : "unknown token key id");
        }
        long exp;
        try {
            exp = Long.parseLong(p.get("exp") == null ? "" : p.get("exp"));
        } catch (NumberFormatException e) {
            throw new Denied("token without a valid exp");
        }
        if (!SignedToken.verify(secret, SignedToken.payload(action, path, exp), p.get("sig"))) {
            throw new Denied("token signature does not match " + action + " of " + path);
        }
        long now = nowMillis.getAsLong() / 1000;
        if (exp <= now) {
            throw new Denied("token expired");
        }
        if (exp - now > maxTtlSeconds) {
            throw new Denied("token expires further ahead than AUTH_MAX_TTL_S allows");
        }
        return exp;
    }
}
