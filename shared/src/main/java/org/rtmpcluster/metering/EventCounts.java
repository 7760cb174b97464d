package org.rtmpcluster.metering;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to the node's session events, for {@code /metrics}. Any thread. */
public final class EventCounts {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong queued = new AtomicLong();

    /** Events the receiver answered (2xx, or a refusal that cut its session). */
    public long sent() {
        return sent.get();
    }

    /** Events given up: answered with a client error other than an update's refusal, which retrying cannot mend. */
    public long failed() {
        return failed.get();
    }

    /** Attempts that got no answer or a server error, and were tried again later. */
    public long retried() {
        return retried.get();
    }

    /** Events that did not fit in the queue ({@code EVENTS_QUEUE_MAX}). */
    public long dropped() {
        return dropped.get();
    }

    /** Events waiting now, in flight included. */
    public long queued() {
        return queued.get();
    }
}
