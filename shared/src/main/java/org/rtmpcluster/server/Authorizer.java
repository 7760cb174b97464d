package org.rtmpcluster.server;

import io.vertx.core.Future;

/**
 * The single authorization step every connect, publish and play passes. Fails the future to refuse; the failure
 * message is sent to the client as the status description. Signed tokens and HTTP callbacks plug in here.
 */
@FunctionalInterface
public interface Authorizer {
    Authorizer ALLOW_ALL = request -> Future.succeededFuture();

    Future<Void> authorize(AuthRequest request);
}
