package org.rtmpcluster.auth;

/**
 * An allowed request and what comes with it.
 *
 * @param credentialed    the client proved a credential for this key (token, JWT, password, webhook): as a
 *                        publisher it replaces the current one at once, not after {@code PUBLISHER_TAKEOVER_MS}
 * @param subject         who the credential names (user, JWT subject), for logs; null when none
 * @param expiresAtMillis when the session must end (epoch ms; a webhook's lifetime, a token's exp when the
 *                        operator asks for it); 0 for never
 * @param scheme          the scheme that decided ("open", "loopback", "token", ...)
 */
public record Grant(boolean credentialed, String subject, long expiresAtMillis, String scheme) {
    public static final Grant OPEN = new Grant(false, null, 0, "open");
    public static final Grant LOOPBACK = new Grant(false, null, 0, "loopback");

    public static Grant credentialed(String scheme, String subject, long expiresAtMillis) {
        return new Grant(true, subject, expiresAtMillis, scheme);
    }

    /** The earlier of this grant's end and {@code otherMillis} (0 is never). */
    public Grant endingBy(long otherMillis) {
        if (otherMillis == 0 || (expiresAtMillis != 0 && expiresAtMillis <= otherMillis)) {
            return this;
        }
        return new Grant(credentialed, subject, otherMillis, scheme);
    }
}
