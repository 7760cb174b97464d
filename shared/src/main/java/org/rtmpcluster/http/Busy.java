package org.rtmpcluster.http;

/** A 503 with {@code Retry-After}: a bounded part of the API is full, and a request past it is refused, not queued. */
final class Busy extends RuntimeException {
    /** What a refused client is told to wait, in seconds: the bounded requests take about that long at most. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Refusal reason;

    Busy(Refusal reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Refusal reason() {
        return reason;
    }
}
