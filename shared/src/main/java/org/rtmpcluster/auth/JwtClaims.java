package org.rtmpcluster.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The checks on a JWT's claims once its signature holds: {@code exp} required and not past, {@code nbf} not ahead,
 * {@code iss} and {@code aud} as configured, and a permission for the action on the stream key. Pure: the clock is
 * an argument, so each rule is tested without waiting.
 *
 * <p>Permissions are one claim ({@code rtmp} unless {@code AUTH_JWT_CLAIM} names another), a list of
 * {@code {"action": "publish"|"play", "path": "live/cam1"}}: a path is an exact key (app/name) or a prefix ending
 * in {@code *} ({@code live/*} is every key of app {@code live}).
 */
final class JwtClaims {
    /**
     * Clocks of the identity provider and this node may differ by this much (RFC 7519 §4.1.4 allows "some small
     * leeway"): a token is accepted until {@code exp + 30 s} and from {@code nbf - 30 s}.
     */
    static final long CLOCK_SKEW_SECONDS = 30;

    private final JwtOptions options;

    JwtClaims(JwtOptions options) {
        this.options = options;
    }

    /**
     * The token's {@code exp} (unix seconds) when {@code claims} allow {@code action} ("publish", "play") on
     * {@code path} at {@code nowSeconds}.
     *
     * @throws Denied saying which rule the claims break
     */
    long check(JsonObject claims, String action, String path, long nowSeconds) {
        if (!(claims.getValue("exp") instanceof Number exp)) {
            throw new Denied("JWT without exp");
        }
        if (exp.longValue() + CLOCK_SKEW_SECONDS <= nowSeconds) {
            throw new Denied("JWT expired");
        }
        Object nbf = claims.getValue("nbf");
        if (nbf != null && !(nbf instanceof Number)) {
            throw new Denied("JWT nbf is not a number");
        }
        if (nbf instanceof Number n && n.longValue() - CLOCK_SKEW_SECONDS > nowSeconds) {
            throw new Denied("JWT not valid yet (nbf)");
        }
        if (!options.issuer().isEmpty() && !options.issuer().equals(claims.getValue("iss"))) {
            throw new Denied("JWT issuer is not " + options.issuer());
        }
        if (!options.audience().isEmpty() && !audienceHolds(claims.getValue("aud"))) {
            throw new Denied("JWT audience does not include " + options.audience());
        }
        if (!allows(claims.getValue(options.claim()), action, path)) {
            throw new Denied("JWT does not allow " + action + " of " + path);
        }
        return exp.longValue();
    }

    /** RFC 7519 §4.1.3: {@code aud} is one string or an array of them. */
    private boolean audienceHolds(Object aud) {
        if (aud instanceof String s) {
            return s.equals(options.audience());
        }
        return aud instanceof JsonArray list && list.contains(options.audience());
    }

    /** Whether {@code permissions} (the claim's value) hold one for {@code action} on {@code path}. */
    static boolean allows(Object permissions, String action, String path) {
        if (!(permissions instanceof JsonArray list)) {
            return false;
        }
        for (Object entry : list) {
            if (entry instanceof JsonObject p && action.equals(p.getValue("action"))
                    && p.getValue("path") instanceof String pattern && matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /** An exact key, or a prefix ending in {@code *}. */
    static boolean matches(String pattern, String path) {
        if (pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(path);
    }
}
