package org.rtmpcluster.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.net.PeerText;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A node's HTTP server ({@code HTTP_PORT}): health, readiness, and the cluster-wide API under {@code /api/v1}, every
 * node answering for the whole cluster. One {@link Router} that later parts (metrics, the status page) add their
 * routes to. Lists are paged ({@link Paging}); what the registry does not hold is asked of the nodes, each with a
 * short timeout ({@link FigureQuery}). Handlers run on one event loop and never block it: registry reads go through
 * the registries' asynchronous calls.
 *
 * <p>The HTTP side cannot starve the cluster side ({@link HttpOptions}): list and stream requests hold one of
 * {@code API_MAX_QUERIES} slots until they answer, and their registry reads run on the server's own worker pool of
 * that size ({@link HttpVerticle}), so a flood of them gets 503s and never delays the claim refreshes that keep the
 * node's publishers; connections, request sizes and each client's rate are bounded before any route runs
 * ({@link HttpAdmission}); {@code /metrics} renders on a worker ({@link ScrapeWorker}). Who may call which route
 * ({@code API_TOKEN}, {@code METRICS_TOKEN}) is {@link ApiAccess}'s.
 */
public final class HttpApi {
    /** Liveness: 200 while the process runs. Named here for the Kubernetes manifests' probe check. */
    public static final String HEALTH_PATH = "/health";
    /** Readiness: 200 once registered and listening, 503 before and while draining. */
    public static final String READY_PATH = "/ready";
    /** Prometheus' scrape path ({@link #serveMetrics}). */
    public static final String METRICS_PATH = "/metrics";

    /** The worker pool of the server's registry reads (its threads are named after it). */
    static final String QUERY_POOL = "rtmp-http-queries";

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final Vertx vertx;
    private final Router router;
    private final Readiness readiness;
    private final Cluster cluster;
    private final FigureQuery figures;
    private final HttpOptions options;
    private final Refusals refusals = new Refusals();
    private final HttpAdmission admission;
    private final ApiAccess access;
    private final Slots queries;
    private final Slots locateWaits;
    private ScrapeWorker scrapes;
    private String deployment;

    public HttpApi(Vertx vertx, Cluster cluster, Readiness readiness, HttpOptions options) {
        this(vertx, cluster, readiness, options, FigureQuery.ANSWER_TIMEOUT_MILLIS);
    }

    /** @param figureTimeoutMillis how long a node's figures are waited for before it is listed as unknown */
    public HttpApi(Vertx vertx, Cluster cluster, Readiness readiness, HttpOptions options, long figureTimeoutMillis) {
        this.vertx = vertx;
        this.readiness = readiness;
        this.cluster = cluster;
        this.options = options;
        this.router = Router.router(vertx);
        this.figures = new FigureQuery(vertx.eventBus(), figureTimeoutMillis, cluster.figureSeal());
        this.admission = new HttpAdmission(options, refusals);
        this.queries = new Slots(options.apiMaxQueries(), Refusal.BUSY, "API queries (API_MAX_QUERIES)");
        this.locateWaits = new Slots(options.locateMaxWaits(), Refusal.LOCATE_WAITS,
                "locate waits (LOCATE_MAX_WAITS)");
        NodeList nodes = new NodeList(cluster.nodes(), figures);
        StreamList streams = new StreamList(cluster.streams(), cluster.nodes(), figures);
        this.access = new ApiAccess(options, refusals);
        router.route().handler(admission::admit);
        router.get(HEALTH_PATH).handler(ctx -> Json.send(ctx, 200, new JsonObject().put("alive", true)));
        router.get(READY_PATH).handler(this::ready);
        // Every write under /api, those added later included, needs the API token: guarded before any route runs.
        router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .method(HttpMethod.DELETE).handler(access::writes);
        router.get("/api/v1/nodes").handler(access::lists).handler(ctx -> {
            Paging paging = Paging.of(ctx.queryParams());
            query(ctx, () -> nodes.page(paging));
        });
        router.get("/api/v1/streams").handler(access::lists).handler(ctx -> {
            Paging paging = Paging.of(ctx.queryParams());
            query(ctx, () -> streams.page(paging));
        });
        // The key is the rest of the path: an app may have several segments, the name is the last one.
        router.getWithRegex("/api/v1/streams/(?<key>.+)").handler(access::lists).handler(ctx -> {
            StreamKey key = StreamKey.parse(ctx.pathParam("key"));
            query(ctx, () -> streams.one(key).map(found -> {
                if (found == null) {
                    throw new StreamNotLive(key);
                }
                return found;
            }));
        });
        StatusPage.mount(router);
        router.route().failureHandler(this::failed);
    }

    /**
     * Serves the node's {@code metrics} at {@code GET /metrics}, in Prometheus' text format; with
     * {@code METRICS_TOKEN} set, to requests that carry it only.
     */
    public void serveMetrics(Metrics metrics) {
        metrics.httpSeries(refusals, queries, locateWaits);
        metrics.clusterSeries(cluster.trust());
        scrapes = new ScrapeWorker(vertx, metrics);
        router.get(METRICS_PATH).handler(access::metrics).handler(scrapes::answer);
    }

    /**
     * Serves {@code POST /api/v1/drain} to requests with {@code Authorization: Bearer <API_TOKEN>}, from any
     * address (the writes' guard, {@link ApiAccess#writes}, has run before): {@code startDrain} starts the node's
     * drain (idempotent) and returns its timeout; the answer (202) does not wait for the drain.
     */
    public void serveDrain(java.util.function.LongSupplier startDrain) {
        router.post("/api/v1/drain").handler(ctx -> {
            long timeoutMillis = startDrain.getAsLong();
            Json.send(ctx, 202, new JsonObject().put("state", "draining").put("drainTimeoutMs", timeoutMillis));
        });
    }

    /**
     * Serves {@code GET /api/v1/locate} ({@link Locate}): which edge a player should use. {@code ownZone} is the
     * client's zone when nothing else tells it.
     */
    public void serveLocate(org.rtmpcluster.routing.RoutingOptions routing, String ownZone) {
        Locate locate = new Locate(vertx, cluster, figures, routing, ownZone, locateWaits,
                options.idleTimeoutMillis());
        router.get("/api/v1/locate").handler(locate::handle);
    }

    /** The one router of the node's HTTP server: add routes here. */
    public Router router() {
        return router;
    }

    /** Starts listening; the future holds the bound port. */
    public Future<Integer> listen(String host, int port) {
        // HTTP/1.1 only: the API has no use for h2c, whose streams would need limits of their own.
        HttpServerOptions server = new HttpServerOptions().setHost(host).setPort(port)
                .setIdleTimeout((int) options.idleTimeoutMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(options.maxInitialLineBytes()).setMaxHeaderSize(options.maxHeaderBytes())
                .setHttp2ClearTextEnabled(false);
        HttpVerticle verticle = new HttpVerticle(server, router, admission);
        return vertx.deployVerticle(verticle, new DeploymentOptions().setWorkerPoolName(QUERY_POOL)
                .setWorkerPoolSize(options.apiMaxQueries())).map(id -> {
                    deployment = id;
                    return verticle.port();
                });
    }

    public Future<Void> close() {
        Future<Void> metricsClosed = scrapes == null ? Future.succeededFuture() : scrapes.close();
        return deployment == null ? metricsClosed : vertx.undeploy(deployment).eventually(() -> metricsClosed);
    }

    private void ready(RoutingContext ctx) {
        String reason = readiness.notReadyReason();
        Json.send(ctx, reason == null ? 200 : 503, reason == null ? new JsonObject().put("ready", true)
                : new JsonObject().put("ready", false).put("reason", reason));
    }

    /** Answers with {@code request}'s body if one of the API's query slots is free, with a 503 if none is. */
    private void query(RoutingContext ctx, Supplier<Future<JsonObject>> request) {
        queries.run(request).onSuccess(json -> Json.send(ctx, 200, json)).onFailure(ctx::fail);
    }

    private void failed(RoutingContext ctx) {
        Throwable e = ctx.failure();
        if (e instanceof IllegalArgumentException) {
            Json.error(ctx, 400, e.getMessage());
        } else if (e instanceof StreamNotLive || e instanceof Locate.NotFound) {
            Json.error(ctx, 404, e.getMessage());
        } else if (e instanceof Busy busy) {
            refusals.count(busy.reason(), ctx.request().remoteAddress());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Busy.RETRY_AFTER_SECONDS));
            Json.error(ctx, 503, e.getMessage());
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
