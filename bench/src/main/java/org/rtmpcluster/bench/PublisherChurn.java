package org.rtmpcluster.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream key's publisher coming and going, as encoders do: it publishes an {@link FlvFile} in real time for a
 * random time, stops, stays away for a random time (often longer than the edge's play wait, so players of the key
 * find it missing), and publishes again. A refused or failed publish is counted and tried again after an absence.
 *
 * <p>Lives on one event loop: {@link #start} runs there and every later step on timers of it.
 */
final class PublisherChurn {
    /** How long a publish lasts and how long the publisher then stays away, in milliseconds (inclusive ranges). */
    record Timing(long minOnMillis, long maxOnMillis, long minOffMillis, long maxOffMillis) {
    }

    private final Vertx vertx;
    private final Endpoint origin;
    private final String stream;
    private final FlvFile file;
    private final Timing timing;
    private final Random random;
    private final Promise<Void> firstPublish = Promise.promise();
    private final AtomicInteger publishes = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private Context context;
    private TimedPublisher current;
    private long timer = -1;
    private boolean stopped;
    private volatile String lastFailure;
    private volatile boolean publishing;

    PublisherChurn(Vertx vertx, Endpoint origin, String stream, FlvFile file, Timing timing, long seed) {
        this.vertx = vertx;
        this.origin = origin;
        this.stream = stream;
        this.file = file;
        this.timing = timing;
        this.random = new Random(seed);
    }

    /** Starts publishing {@code delayMillis} from now; the future completes when the first publish is accepted. */
    Future<Void> start(long delayMillis) {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> timer = vertx.setTimer(Math.max(1, delayMillis), id -> publish()));
        return firstPublish.future();
    }

    private void publish() {
        if (stopped) {
            return;
        }
        TimedPublisher p = new TimedPublisher(vertx, origin, stream, file, new SendLog());
        current = p;
        p.start(0).onComplete(ar -> {
            if (current != p || stopped) {
                return;
            }
            if (ar.succeeded()) {
                publishes.incrementAndGet();
                publishing = true;
                firstPublish.tryComplete();
                timer = vertx.setTimer(between(timing.minOnMillis(), timing.maxOnMillis()), id -> unpublish(p));
            } else {
                failures.incrementAndGet();
                lastFailure = String.valueOf(ar.cause().getMessage());
                p.stop().onComplete(v -> away());
            }
        });
    }

    private void unpublish(TimedPublisher p) {
        publishing = false;
        if (p.closedReason() != null) {
            dropped.incrementAndGet(); // the origin closed it before we meant to stop
            lastFailure = "closed by the origin: " + p.closedReason();
        }
        p.stop().onComplete(v -> away());
    }

    private void away() {
        if (!stopped) {
            timer = vertx.setTimer(between(timing.minOffMillis(), timing.maxOffMillis()), id -> publish());
        }
    }

    private long between(long min, long max) {
        return Math.max(1, min + (long) (random.nextDouble() * (max - min + 1)));
    }

    /** Stops for good: the publisher closes if it is publishing. */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            publishing = false;
            vertx.cancelTimer(timer);
            (current == null ? Future.<Void>succeededFuture() : current.stop()).onComplete(done);
        });
        return done.future();
    }

    String stream() {
        return stream;
    }

    /** Whether a publish is on now (accepted, and not stopped by us). */
    boolean isPublishing() {
        return publishing;
    }

    /** Publishes the origin accepted. */
    int publishes() {
        return publishes.get();
    }

    /** Publishes refused or failed, and publishers the origin closed before they meant to stop. */
    int failures() {
        return failures.get() + dropped.get();
    }

    /** Why the latest failure happened, or null if none did. */
    String lastFailure() {
        return lastFailure;
    }
}
