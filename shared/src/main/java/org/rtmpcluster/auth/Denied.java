package org.rtmpcluster.auth;

/**
 * A refusal: {@link #getMessage()} is the description the client hears (never a credential), and it ends the
 * session. Only a refused credential counts against the peer's address ({@link FailureBudget}): a challenge (the first
 * two steps of {@code authmod=adobe}) is a refusal the client answers, and an unavailable scheme (a webhook down) is
 * our failure, not the client's. Stackless: refusals are common and expected.
 */
public final class Denied extends RuntimeException {
    private enum Kind { REFUSED, CHALLENGE, UNAVAILABLE }

    private final Kind kind;

    public Denied(String description) {
        this(description, Kind.REFUSED);
    }

    private Denied(String description, Kind kind) {
        super(description, null, false, false);
        this.kind = kind;
    }

    /** A step of a challenge-response login, not a failure. */
    public static Denied challenge(String description) {
        return new Denied(description, Kind.CHALLENGE);
    }

    /** The scheme could not decide (its backend is down or busy): refused, failing closed, but not the peer's fault. */
    public static Denied unavailable(String description) {
        return new Denied(description, Kind.UNAVAILABLE);
    }

    public boolean isChallenge() {
        return kind == Kind.CHALLENGE;
    }

    /** Whether the refusal counts against the peer's address. */
    boolean countsAgainstPeer() {
        return kind == Kind.REFUSED;
    }
}
