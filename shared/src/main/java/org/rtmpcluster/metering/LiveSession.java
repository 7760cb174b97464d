package org.rtmpcluster.metering;

import java.util.UUID;

/**
 * One metered publish or play: its start event, an update every period while it lasts, its stop. Lives on its
 * session's loop (the byte counters are read there); the delivery's answers come from another, hence the volatile.
 *
 * <p>An update is not queued while the session's previous one is still undelivered (a receiver that is down): it
 * would only repeat newer totals, and a thousand sessions would fill the queue with them. The stop carries the final
 * totals either way.
 */
final class LiveSession implements MeteredSession {
    private final EventWebhook events;
    private final SessionStart start;
    private final long updateMillis;
    private final String id = UUID.randomUUID().toString();
    private final long startedAtMillis = System.currentTimeMillis();
    private int seq;
    private long timer = -1;
    private boolean stopped;
    private volatile boolean updateWaiting;

    LiveSession(EventWebhook events, SessionStart start, long updateMillis) {
        this.events = events;
        this.start = start;
        this.updateMillis = updateMillis;
    }

    void begin() {
        offer(start.action() + "_start", null, null, () -> { });
        timer = start.context().owner().setPeriodic(updateMillis, t -> update());
    }

    private void update() {
        if (stopped || updateWaiting) {
            return;
        }
        updateWaiting = true;
        offer("update", null, () -> start.cut().accept("the session events receiver refused an update of "
                + start.action() + " of " + start.key()), () -> updateWaiting = false);
    }

    @Override
    public void stopped(String reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        start.context().owner().cancelTimer(timer);
        offer(start.action() + "_stop", reason, null, () -> { });
    }

    private void offer(String type, String reason, Runnable refused, Runnable settled) {
        events.offer(new Event(id, type, events.body(this, type, seq++, System.currentTimeMillis(), reason),
                refused, settled));
    }

    SessionStart start() {
        return start;
    }

    String id() {
        return id;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }
}
