package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.LongSupplier;

/** The authorization webhook: decides every request it is asked about. */
final class WebhookScheme implements Scheme {
    WebhookScheme(Vertx vertx, WebhookOptions options, String nodeId, String role, LongSupplier nowMillis) {
        throw new IllegalArgumentException("the authorization webhook is not implemented yet");
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Future<Grant> check(AuthRequest request) {
        return Future.failedFuture(new Denied("webhook unavailable"));
    }
}
