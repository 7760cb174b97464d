package org.rtmpcluster.http;

import java.util.concurrent.atomic.AtomicLongArray;

/** The HTTP server's refusals so far, by {@link Refusal}: counted where they happen, read by the metrics. */
final class Refusals {
    private final AtomicLongArray counts = new AtomicLongArray(Refusal.values().length);

    void count(Refusal reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    long of(Refusal reason) {
        return counts.get(reason.ordinal());
    }
}
