package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The node's HTTP server, deployed as a verticle of its own so that its handlers run on its own context. The
 * deployment names a worker pool ({@link HttpApi#QUERY_POOL}): the registry's blocking reads that its handlers start
 * ({@code executeBlocking} on the caller's context) run there, not on the Vert.x worker pool where the node's stream
 * claims are renewed.
 */
final class HttpVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Router router;
    private final HttpAdmission admission;
    private volatile int port;

    HttpVerticle(HttpServerOptions options, Router router, HttpAdmission admission) {
        this.options = options;
        this.router = router;
        this.admission = admission;
    }

    @Override
    public Future<?> start() {
        HttpServer server = vertx.createHttpServer(options).connectionHandler(admission::connected)
                .invalidRequestHandler(admission::invalid).requestHandler(router);
        return server.listen().onSuccess(s -> port = s.actualPort());
    }

    /** The bound port, once started. */
    int port() {
        return port;
    }
}
