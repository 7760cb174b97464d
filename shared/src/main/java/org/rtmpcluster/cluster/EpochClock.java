package org.rtmpcluster.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where stream epochs come from: a hybrid logical clock on each cluster member, never below the member's wall
 * clock and always above every epoch the member has issued or stored (as a partition's owner or its backup, or
 * in a split-brain merge). Epochs are issued on the key's partition owner, and its backup has stored every epoch
 * that partition issued, so a claim issues an epoch above the key's last one however far the claiming node's
 * clock, or a new owner's, lags behind. No record needs to outlive its stream to carry its epoch forward, which
 * is what keeps the registry to live streams only.
 *
 * <p>One per JVM: nodes sharing a JVM (tests) share it, which only raises the floor.
 */
final class EpochClock {
    private static final AtomicLong HIGHEST = new AtomicLong();

    private EpochClock() {
    }

    /** A new epoch: above every one seen here and above {@code atLeast - 1}. */
    static long next(long atLeast) {
        long now = System.currentTimeMillis();
        return HIGHEST.updateAndGet(h -> Math.max(Math.max(now, atLeast), h + 1));
    }

    /** An epoch stored here (a backup, a merge): later epochs go above it. */
    static void observe(long epoch) {
        HIGHEST.accumulateAndGet(epoch, Math::max);
    }
}
