package org.rtmpcluster.auth;

/**
 * The authorization webhook: a signed JSON POST per publish and play (as AUTH_PUBLISH and AUTH_PLAY list it).
 *
 * @param url           where it is posted; empty for none
 * @param secret        HMAC-SHA256 key of the body's signature header, so the receiver knows it is us
 * @param timeoutMillis an answer later than this refuses (fail closed)
 * @param maxInFlight   requests waiting at once; more are refused at once
 * @param cacheMillis   how long a positive answer is reused for the same request (0: never)
 */
public record WebhookOptions(String url, String secret, long timeoutMillis, int maxInFlight, long cacheMillis) {
    public static final WebhookOptions NONE = new WebhookOptions("", "", 3000, 64, 0);

    public boolean isConfigured() {
        return !url.isEmpty() && !secret.isEmpty();
    }
}
