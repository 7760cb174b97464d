package org.rtmpcluster.server;

import org.rtmpcluster.budget.ConnectionBudget;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections refused at accept, in the log: one line per {@link #INTERVAL_MILLIS} at most, with how many were
 * refused since the last, so that a flood cannot fill the disk. Metrics count every one.
 */
final class RefusalLog {
    private static final System.Logger LOG = System.getLogger(RtmpServer.class.getName());
    static final long INTERVAL_MILLIS = 10_000;

    private final String listener;
    private final AtomicLong lastLineNanos = new AtomicLong(System.nanoTime() - INTERVAL_MILLIS * 1_000_000);
    private final AtomicLong since = new AtomicLong();

    RefusalLog(String listener) {
        this.listener = listener;
    }

    void refused(ConnectionBudget.Refusal refusal, String host) {
        long n = since.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLineNanos.get();
        if (now - last >= INTERVAL_MILLIS * 1_000_000 && lastLineNanos.compareAndSet(last, now)) {
            since.addAndGet(-n);
            LOG.log(System.Logger.Level.WARNING, "refusing RTMP connections on {0}: {1} reached (the last from {2}); "
                    + "{3} refused since the last such line", listener, refusal.setting(), host, String.valueOf(n));
        }
    }
}
