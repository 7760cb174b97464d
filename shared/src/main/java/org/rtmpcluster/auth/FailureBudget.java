package org.rtmpcluster.auth;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Slows guessing: each address may be refused {@code perMinute} times a minute (a leaky bucket); past that, its
 * requests are refused before any scheme looks at them. Addresses share a fixed table of buckets by hash, so a
 * flood from many addresses costs no memory; a shared bucket only makes its addresses wait together.
 */
final class FailureBudget {
    private static final int BUCKETS = 4096;
    /** Per bucket: the time (ms) at which it is empty again; a refusal pushes it by one interval. */
    private final AtomicLongArray emptyAt = new AtomicLongArray(BUCKETS);
    private final long intervalMillis;
    private final long burstMillis;
    private final LongSupplier nowMillis;

    FailureBudget(int perMinute, LongSupplier nowMillis) {
        this.intervalMillis = perMinute <= 0 ? 0 : Math.max(1, 60_000L / perMinute);
        this.burstMillis = 60_000L;
        this.nowMillis = nowMillis;
    }

    /** Whether {@code peer} has used up its refusals for now. */
    boolean exhausted(String peer) {
        return intervalMillis > 0 && emptyAt.get(bucket(peer)) - nowMillis.getAsLong() > burstMillis;
    }

    /** Counts a refusal of {@code peer}. */
    void refused(String peer) {
        if (intervalMillis == 0) {
            return;
        }
        int b = bucket(peer);
        long now = nowMillis.getAsLong();
        emptyAt.getAndUpdate(b, at -> Math.max(at, now) + intervalMillis);
    }

    private static int bucket(String peer) {
        int h = peer == null ? 0 : peer.hashCode();
        h ^= h >>> 16;
        return h & (BUCKETS - 1);
    }
}
