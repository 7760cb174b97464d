package org.rtmpcluster.cluster;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bound on how long a registry call may take. Hazelcast retries an invocation during a migration or a member's
 * departure for up to its call timeout (60 s and more by default); a publish or a play waiting that long holds its
 * session's command queue. Past the deadline the call's future fails with a {@link TimeoutException} that says which
 * call and how long, and its caller treats it as any registry failure (a publish is refused, a play fails); the
 * Hazelcast invocation itself runs on and its late result is dropped.
 */
final class Deadline {
    /** {@code REGISTRY_TIMEOUT_MS}'s default. */
    static final long DEFAULT_MILLIS = 5000;

    private final long millis;

    Deadline(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("registry timeout " + millis + " ms out of range: above 0");
        }
        this.millis = millis;
    }

    /** {@code call}, failed after the deadline if it has not completed by then. */
    <T> Future<T> bound(String operation, Future<T> call) {
        return call.timeout(millis, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(
                e instanceof TimeoutException && !call.isComplete()
                        ? new TimeoutException("registry " + operation + ": no answer within " + millis
                        + " ms (REGISTRY_TIMEOUT_MS)")
                        : e));
    }
}
