package org.rtmpcluster.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestPlayer;

/**
 * When each message a {@link TestPlayer} received arrived: a daemon thread looks at the player every millisecond
 * and stamps each new message with {@link System#nanoTime()}. The player records what it got, not when; this adds
 * the when, to a millisecond or two, for time-to-first-frame and failover figures.
 */
public final class ArrivalTimes implements AutoCloseable {
    private static final long POLL_MILLIS = 1;

    private final TestPlayer player;
    private final List<Received> messages = new ArrayList<>();
    private final List<Long> arrivedAtNanos = new ArrayList<>();
    private volatile boolean closed;

    /** A message, its index in the player's list and when it arrived. */
    public record Arrival(int index, Received message, long atNanos) {
    }

    private ArrivalTimes(TestPlayer player) {
        this.player = player;
    }

    /** Starts watching; messages the player already has are stamped now. */
    public static ArrivalTimes watch(TestPlayer player) {
        ArrivalTimes times = new ArrivalTimes(player);
        Thread poller = new Thread(times::poll, "arrival times");
        poller.setDaemon(true);
        poller.start();
        return times;
    }

    private void poll() {
        while (!closed) {
            List<Received> now = player.received();
            long at = System.nanoTime();
            synchronized (this) {
                if (now.size() > messages.size()) {
                    for (int i = messages.size(); i < now.size(); i++) {
                        messages.add(now.get(i));
                        arrivedAtNanos.add(at);
                    }
                    notifyAll();
                }
            }
            try {
                Thread.sleep(POLL_MILLIS); // polling a list another thread fills; nothing waits on this sleep
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The first message at or after index {@code from} that matches, waiting for it if need be; fails after the
     * timeout, saying how many messages came.
     */
    public synchronized Arrival awaitFirst(String what, int from, Predicate<Received> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (true) {
            for (; next < messages.size(); next++) {
                if (match.test(messages.get(next))) {
                    return new Arrival(next, messages.get(next), arrivedAtNanos.get(next));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " among the " + (messages.size() - from)
                        + " messages the player received from #" + from + " within " + timeout
                        + " (player closed: " + player.closeReason() + ")");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The number of messages that had arrived before the moment (a {@link System#nanoTime()} value). */
    public synchronized int countBefore(long nanos) {
        int count = 0;
        while (count < arrivedAtNanos.size() && arrivedAtNanos.get(count) < nanos) {
            count++;
        }
        return count;
    }

    /** The messages stamped so far, in order of arrival. */
    public synchronized List<Received> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        closed = true;
    }
}
