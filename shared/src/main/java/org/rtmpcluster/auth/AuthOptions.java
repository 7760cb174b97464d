package org.rtmpcluster.auth;

import java.util.List;

/**
 * How a node authorizes, validated: the schemes per action and what each needs.
 *
 * @param publish            schemes for publish, in order ({@code AUTH_PUBLISH}); see {@link AuthPolicy}
 * @param play               schemes for play ({@code AUTH_PLAY})
 * @param keys               shared secrets of signed tokens and HS256 JWTs ({@code AUTH_KEYS}, {@code AUTH_KEYS_FILE})
 * @param maxTtlSeconds      a token expiring further ahead is refused ({@code AUTH_MAX_TTL_S})
 * @param cutAtExpiry        a session ends at its token's expiry, not only checked at start
 * @param jwt                JSON Web Tokens
 * @param webhook            the HTTP callback
 * @param usersFile          users and salted password hashes for {@code authmod=adobe}; empty for none
 * @param passwordPlaintext  whether passwords may be answered over plain RTMP from other hosts than loopback
 * @param failuresPerMinute  refused attempts an address may make per minute before it is refused at once
 */
public record AuthOptions(List<String> publish, List<String> play, AuthKeys keys, long maxTtlSeconds,
                          boolean cutAtExpiry, JwtOptions jwt, WebhookOptions webhook, String usersFile,
                          boolean passwordPlaintext, int failuresPerMinute) {
    public static final List<String> SCHEMES = List.of("open", "loopback", "token", "jwt", "webhook", "password");
    public static final long DEFAULT_MAX_TTL_SECONDS = 30L * 24 * 3600;
    public static final int DEFAULT_FAILURES_PER_MINUTE = 30;
    /** Nothing configured: publishing from this machine only, playing open. */
    public static final AuthOptions DEFAULT = new AuthOptions(List.of("loopback"), List.of("open"), AuthKeys.NONE,
            DEFAULT_MAX_TTL_SECONDS, false, JwtOptions.NONE, WebhookOptions.NONE, "", false,
            DEFAULT_FAILURES_PER_MINUTE);
    /** Everything open: tests and benchmarks that are not about authorization. */
    public static final AuthOptions OPEN = new AuthOptions(List.of("open"), List.of("open"), AuthKeys.NONE,
            DEFAULT_MAX_TTL_SECONDS, false, JwtOptions.NONE, WebhookOptions.NONE, "", false,
            DEFAULT_FAILURES_PER_MINUTE);

    public AuthOptions {
        publish = List.copyOf(publish);
        play = List.copyOf(play);
        check("AUTH_PUBLISH", publish, keys, jwt, webhook, usersFile);
        check("AUTH_PLAY", play, keys, jwt, webhook, usersFile);
    }

    private static void check(String setting, List<String> schemes, AuthKeys keys, JwtOptions jwt,
                              WebhookOptions webhook, String usersFile) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty (open, loopback, or a list of " + SCHEMES + ")");
        }
        for (String s : schemes) {
            if (!SCHEMES.contains(s)) {
                throw new IllegalArgumentException(setting + ": unknown scheme '" + s + "' (one of " + SCHEMES + ")");
            }
            if (schemes.stream().filter(s::equals).count() > 1) {
                throw new IllegalArgumentException(setting + ": '" + s + "' listed twice");
            }
        }
        if (schemes.contains("open") && schemes.size() > 1) {
            throw new IllegalArgumentException(setting + ": 'open' allows everyone, so it stands alone");
        }
        if (schemes.contains("token") && keys.isEmpty()) {
            throw new IllegalArgumentException(setting + " lists token: set AUTH_KEYS or AUTH_KEYS_FILE");
        }
        if (schemes.contains("jwt") && !jwt.isConfigured() && keys.isEmpty()) {
            throw new IllegalArgumentException(setting + " lists jwt: set AUTH_JWKS_URL, or AUTH_KEYS for HS256");
        }
        if (schemes.contains("webhook") && !webhook.isConfigured()) {
            throw new IllegalArgumentException(setting + " lists webhook: set AUTH_WEBHOOK_URL and AUTH_WEBHOOK_SECRET");
        }
        if (schemes.contains("password") && usersFile.isEmpty()) {
            throw new IllegalArgumentException(setting + " lists password: set AUTH_USERS_FILE");
        }
    }

    /**
     * Whether publishing or playing takes a credential (not only {@code open} and {@code loopback}): then edges can
     * pull and forward only over links that prove the cluster's secret.
     */
    public boolean requiresCredentials() {
        return publish.stream().anyMatch(s -> !s.equals("open") && !s.equals("loopback"))
                || play.stream().anyMatch(s -> !s.equals("open") && !s.equals("loopback"));
    }

    /** One line for the start line: what applies to each action. */
    public String describe() {
        return "publish " + String.join(",", publish) + ", play " + String.join(",", play)
                + (keys.isEmpty() ? "" : " (" + keys.size() + " token key" + (keys.size() == 1 ? "" : "s") + ")");
    }
}
