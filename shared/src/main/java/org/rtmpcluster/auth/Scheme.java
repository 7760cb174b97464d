package org.rtmpcluster.auth;

import io.vertx.core.Future;

/**
 * One way of proving a request may go ahead. A scheme looks for its own credential in the request: when there is
 * none it abstains (the future holds null) and the policy asks the next scheme; when there is one it decides,
 * with a {@link Grant} or a failed future ({@link Denied}).
 */
public interface Scheme {
    /** The name operators list in {@code AUTH_PUBLISH} and {@code AUTH_PLAY}. */
    String name();

    Future<Grant> check(AuthRequest request);
}
