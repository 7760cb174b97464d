package org.rtmpcluster.bench;

/**
 * The interval over which a run measures: players count bytes, frames and latencies only while it is open, and the
 * server's CPU is read when it opens and when it closes. Opened and closed by the run's main thread, read by every
 * player's event loop.
 */
final class MeasurementWindow {
    private volatile boolean open;
    private long openedNanos;
    private long closedNanos;

    void open() {
        openedNanos = System.nanoTime();
        open = true;
    }

    void close() {
        open = false;
        closedNanos = System.nanoTime();
    }

    boolean isOpen() {
        return open;
    }

    double seconds() {
        return (closedNanos - openedNanos) / 1e9;
    }
}
