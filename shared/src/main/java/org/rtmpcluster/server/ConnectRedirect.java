package org.rtmpcluster.server;

import io.vertx.core.Future;

/**
 * Whether a client's connect should go to another node instead (an edge over capacity or draining, with
 * {@code EDGE_REDIRECT=on}): the tcUrl to send it to, or null to serve it here. Asked once per connect, after
 * authorization.
 */
public interface ConnectRedirect {
    ConnectRedirect NONE = (app, query) -> Future.succeededFuture(null);

    /** @param app the connect's app; @param query its query (credentials), or "" */
    Future<String> target(String app, String query);
}
