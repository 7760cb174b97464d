package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.net.PeerText;

/**
 * A node's HTTP server ({@code HTTP_PORT}): health, readiness, and the cluster-wide API under {@code /api/v1}, every
 * node answering for the whole cluster. One {@link Router} that later parts (metrics, the status page) add their
 * routes to. Lists are paged ({@link Paging}); what the registry does not hold is asked of the nodes, each with a
 * short timeout ({@link FigureQuery}). Handlers run on one event loop and never block it: registry reads go through
 * the registries' asynchronous calls.
 */
public final class HttpApi {
    /** Liveness: 200 while the process runs. Named here for the Kubernetes manifests' probe check. */
    public static final String HEALTH_PATH = "/health";
    /** Readiness: 200 once registered and listening, 503 before and while draining. */
    public static final String READY_PATH = "/ready";
    /** Prometheus' scrape path ({@link #serveMetrics}). */
    public static final String METRICS_PATH = "/metrics";

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final Vertx vertx;
    private final Router router;
    private final Readiness readiness;
    private final Cluster cluster;
    private final FigureQuery figures;
    private HttpServer server;

    public HttpApi(Vertx vertx, Cluster cluster, Readiness readiness) {
        this(vertx, cluster, readiness, FigureQuery.ANSWER_TIMEOUT_MILLIS);
    }

    /** @param figureTimeoutMillis how long a node's figures are waited for before it is listed as unknown */
    public HttpApi(Vertx vertx, Cluster cluster, Readiness readiness, long figureTimeoutMillis) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.cluster = cluster;
        this.router = Router.router(vertx);
        this.figures = new FigureQuery(vertx.eventBus(), figureTimeoutMillis);
        NodeList nodes = new NodeList(cluster.nodes(), figures);
        StreamList streams = new StreamList(cluster.streams(), cluster.nodes(), figures);
        router.get(HEALTH_PATH).handler(ctx -> Json.send(ctx, 200, new JsonObject().put("alive", true)));
        router.get(READY_PATH).handler(this::ready);
        router.get("/api/v1/nodes").handler(ctx -> answer(ctx, nodes.page(Paging.of(ctx.queryParams()))));
        router.get("/api/v1/streams").handler(ctx -> answer(ctx, streams.page(Paging.of(ctx.queryParams()))));
        router.get("/api/v1/streams/:app/:name").handler(ctx -> {
            StreamKey key = key(ctx.pathParam("app"), ctx.pathParam("name"));
            answer(ctx, streams.one(key).map(found -> {
                if (found == null) {
                    throw new StreamNotLive(key);
                }
                return found;
            }));
        });
        StatusPage.mount(router);
        router.route().failureHandler(this::failed);
    }

    /** Serves the node's {@code metrics} at {@code GET /metrics}, in Prometheus' text format. */
    public void serveMetrics(Metrics metrics) {
        router.get(METRICS_PATH).handler(metrics::answer);
    }

    /**
     * Serves {@code POST /api/v1/drain}, from loopback only until authorization lands: {@code startDrain} starts the
     * node's drain (idempotent) and returns its timeout; the answer (202) does not wait for the drain.
     */
    public void serveDrain(java.util.function.LongSupplier startDrain) {
        router.post("/api/v1/drain").handler(ctx -> {
            var from = ctx.request().remoteAddress();
            if (from == null || !isLoopback(from.hostAddress())) {
                Json.error(ctx, 403, "drain is allowed from loopback only");
                return;
            }
            long timeoutMillis = startDrain.getAsLong();
            Json.send(ctx, 202, new JsonObject().put("state", "draining").put("drainTimeoutMs", timeoutMillis));
        });
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"));
    }

    /**
     * Serves {@code GET /api/v1/locate} ({@link Locate}): which edge a player should use. {@code ownZone} is the
     * client's zone when nothing else tells it.
     */
    public void serveLocate(org.rtmpcluster.routing.RoutingOptions routing, String ownZone) {
        Locate locate = new Locate(vertx, cluster, figures, routing, ownZone);
        router.get("/api/v1/locate").handler(locate::handle);
    }

    /** The one router of the node's HTTP server: add routes here. */
    public Router router() {
        return router;
    }

    /** Starts listening; the future holds the bound port. */
    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        return server.requestHandler(router).listen().map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void ready(RoutingContext ctx) {
        String reason = readiness.notReadyReason();
        Json.send(ctx, reason == null ? 200 : 503, reason == null ? new JsonObject().put("ready", true)
                : new JsonObject().put("ready", false).put("reason", reason));
    }

    private static StreamKey key(String app, String name) {
        if (!StreamKey.isValidPart(app) || !StreamKey.isValidPart(name)) {
            throw new IllegalArgumentException("invalid stream key '" + Json.quote(app + "/" + name) + "'");
        }
        return new StreamKey(app, name);
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> body) {
        body.onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void failed(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof IllegalArgumentException) {
            Json.error(ctx, 400, e.getMessage());
        } else if (e instanceof StreamNotLive || e instanceof Locate.NotFound) {
            Json.error(ctx, 404, e.getMessage());
        } else if (e instanceof Locate.Unavailable) {
            Json.error(ctx, 503, e.getMessage());
        } else if (e != null) {
            // The path is the client's text: one line, bounded.
            LOG.log(System.Logger.Level.WARNING, "HTTP " + PeerText.printable(ctx.request().path()) + " failed: " + e);
            Json.error(ctx, 503, "cluster registry unavailable: " + e.getMessage());
        } else {
            Json.error(ctx, ctx.statusCode(), "HTTP " + ctx.statusCode());
        }
    }

    /** A 404 of the single-stream route. */
    private static final class StreamNotLive extends RuntimeException {
        StreamNotLive(StreamKey key) {
            super("stream " + key + " is not live", null, false, false);
        }
    }
}
