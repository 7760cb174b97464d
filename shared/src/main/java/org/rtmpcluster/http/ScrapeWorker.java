package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@code GET /metrics} from a worker thread of its own ({@link #POOL}, one thread): rendering every series
 * takes milliseconds at a large node, and the HTTP server's event loop may be one that RTMP connections share.
 * Scrapes asked for while one renders get its text: a burst of scrapes costs one rendering.
 */
final class ScrapeWorker {
    /** The worker pool's name (its threads are named after it). */
    static final String POOL = "rtmp-metrics";

    private final Metrics metrics;
    private final WorkerExecutor worker;
    private Future<String> rendering;

    ScrapeWorker(Vertx vertx, Metrics metrics) {
        this.metrics = metrics;
        this.worker = vertx.createSharedWorkerExecutor(POOL, 1);
    }

    void answer(RoutingContext ctx) {
        current().onSuccess(text -> ctx.response().putHeader("content-type", Metrics.CONTENT_TYPE).end(text))
                .onFailure(ctx::fail);
    }

    private synchronized Future<String> current() {
        if (rendering == null) {
            Future<String> started = worker.executeBlocking(metrics::scrape, false);
            rendering = started;
            started.onComplete(ar -> done(started));
        }
        return rendering;
    }

    private synchronized void done(Future<String> finished) {
        if (rendering == finished) {
            rendering = null;
        }
    }

    Future<Void> close() {
        return worker.close();
    }
}
