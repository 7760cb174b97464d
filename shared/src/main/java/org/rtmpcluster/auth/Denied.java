package org.rtmpcluster.auth;

/**
 * A refusal: {@link #getMessage()} is the description the client hears (never a credential), and it ends the
 * session. A challenge (the first two steps of {@code authmod=adobe}) is a refusal the client answers, so it does
 * not count as a failed attempt. Stackless: refusals are common and expected.
 */
public final class Denied extends RuntimeException {
    private final boolean challenge;

    public Denied(String description) {
        this(description, false);
    }

    private Denied(String description, boolean challenge) {
        super(description, null, false, false);
        this.challenge = challenge;
    }

    /** A step of a challenge-response login, not a failure. */
    public static Denied challenge(String description) {
        return new Denied(description, true);
    }

    public boolean isChallenge() {
        return challenge;
    }
}
