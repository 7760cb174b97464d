package org.rtmpcluster.http;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code max} requests of one kind in flight at once. One past them fails at once with {@link Busy}: a
 * queue would only move the wait into the node, where it holds memory and delays whatever shares the work.
 */
final class Slots {
    private final int max;
    private final Refusal reason;
    private final String what;
    private final AtomicInteger taken = new AtomicInteger();

    /** @param what the requests, plural, and the setting that bounds them, for the refusal's message */
    Slots(int max, Refusal reason, String what) {
        this.max = max;
        this.reason = reason;
        this.what = what;
    }

    /** Runs {@code request} if a slot is free, holding it until the request's future completes. */
    <T> Future<T> run(Supplier<Future<T>> request) {
        if (taken.incrementAndGet() > max) {
            taken.decrementAndGet();
            return Future.failedFuture(new Busy(reason, "busy: " + max + " " + what + " in flight, the most this node "
                    + "takes at once; retry after " + Busy.RETRY_AFTER_SECONDS + " s"));
        }
        Future<T> done;
        try {
            done = request.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.andThen(ar -> taken.decrementAndGet());
    }

    int inFlight() {
        return taken.get();
    }
}
