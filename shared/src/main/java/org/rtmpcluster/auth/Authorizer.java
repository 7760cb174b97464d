package org.rtmpcluster.auth;

import io.vertx.core.Future;

/**
 * The single authorization step every connect, publish and play passes. The future holds the {@link Grant} on
 * success; it fails with {@link Denied} to refuse (its description goes to the client), or with another error
 * when a scheme could not decide (a webhook down: refused too, fail closed). Called on the session's event loop;
 * an implementation never blocks it, and may answer on any thread.
 */
@FunctionalInterface
public interface Authorizer {
    Authorizer ALLOW_ALL = request -> Future.succeededFuture(Grant.OPEN);

    Future<Grant> authorize(AuthRequest request);
}
