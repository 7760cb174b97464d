package org.rtmpcluster.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operator's status page at {@code GET /}: a static page from the jar ({@code status/} on the class path) that
 * polls this node's {@code /api/v1/nodes} and {@code /api/v1/streams} every 2 s and computes bitrates from the
 * byte counters in the browser. The server does nothing per viewer but answer the API; the page needs no CDN.
 */
public final class StatusPage {
    static final String WEBROOT = "status";

    private StatusPage() {
    }

    /** Adds {@code GET /} and the page's files under {@code /status/} to {@code router}. */
    public static void mount(Router router) {
        // Short caching: after an upgrade a browser left open picks up the new script within a minute.
        StaticHandler files = StaticHandler.create(WEBROOT).setMaxAgeSeconds(60);
        router.get("/").handler(ctx -> ctx.reroute("/status/index.html"));
        router.get("/status/*").handler(ctx -> {
            // The page shows names that publishers chose: no script but the page's own may run.
            ctx.response().putHeader("content-security-policy",
                    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'");
            ctx.next();
        }).handler(files);
    }
}
