package org.rtmpcluster.http;

import io.vertx.core.net.SocketAddress;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The HTTP server's refusals so far, by {@link Refusal}: counted where they happen, read by the metrics. A refusal
 * logs one line with the client and the reason, then at most one line per reason every {@link #LOG_EVERY_SECONDS}
 * saying how many came since: a flood must not become a flood of log lines.
 */
final class Refusals {
    static final long LOG_EVERY_SECONDS = 60;
    private static final System.Logger LOG = System.getLogger(Refusals.class.getName());

    private final AtomicLongArray counts = new AtomicLongArray(Refusal.values().length);
    private final AtomicLongArray loggedAtNanos = new AtomicLongArray(Refusal.values().length);
    private final AtomicLongArray loggedCounts = new AtomicLongArray(Refusal.values().length);

    Refusals() {
        long longAgo = System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS);
        for (int i = 0; i < loggedAtNanos.length(); i++) {
            loggedAtNanos.set(i, longAgo);
        }
    }

    /** Counts a refusal of a request or connection from {@code from} (null when unknown). */
    void count(Refusal reason, SocketAddress from) {
        int i = reason.ordinal();
        long n = counts.incrementAndGet(i);
        long now = System.nanoTime();
        long last = loggedAtNanos.get(i);
        long every = TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS);
        if (now - last >= every && loggedAtNanos.compareAndSet(i, last, now)) {
            long since = n - loggedCounts.getAndSet(i, n);
            LOG.log(System.Logger.Level.WARNING, "HTTP refused " + (from == null ? "a client" : from.hostAddress())
                    + " (" + reason.label() + "): " + since + " refusals of this kind since the last line about "
                    + "them, which come at most every " + LOG_EVERY_SECONDS + " s; http_refused_total counts all");
        }
    }

    long of(Refusal reason) {
        return counts.get(reason.ordinal());
    }
}
