package org.rtmpcluster.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.rtmpcluster.auth.AuthPolicy;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.auth.LinkToken;
import org.rtmpcluster.budget.Budgets;
import org.rtmpcluster.budget.OutOfMemory;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.FigureSeal;
import org.rtmpcluster.cluster.HazelcastSetup;
import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.http.HttpApi;
import org.rtmpcluster.http.LocalFigures;
import org.rtmpcluster.http.Metrics;
import org.rtmpcluster.http.Readiness;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.metering.EventWebhook;
import org.rtmpcluster.metering.SessionEvents;
import org.rtmpcluster.server.DrainTargets;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.server.RtmpListeners;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running node: one Vert.x instance (clustered through Hazelcast), the node-wide stream table and counters, and
 * the role's verticle deployed once per event loop ({@code INSTANCES}). Both roles start through here; only the
 * verticle differs.
 */
public final class Node {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    private static final long DEREGISTER_BUDGET_MILLIS = 2000;

    private final NodeOptions options;
    private final Vertx vertx;
    private final Cluster cluster;
    private final String id;
    private final StreamTable streams;
    private final Budgets budgets;
    private final AuthPolicy authorizer;
    /** Session events ({@code EVENTS_WEBHOOK_URL}), or null when not configured. */
    private final EventWebhook events;
    private final NodeStats stats = new NodeStats();
    private final Readiness readiness = new Readiness();
    private final LocalFigures figures;
    private final RtmpListeners listeners = new RtmpListeners();
    private final Promise<Void> stopped = Promise.promise();
    private HttpApi http;
    private Metrics metrics;
    private Future<Void> drain;
    private Future<Void> stop;
    /** Guards the load sample only: the registry samples it while a drain may hold the node's lock. */
    private final Object loadLock = new Object();
    private long loadBytesOut;
    private long loadSampledNanos;
    private volatile NodeLoad load = NodeLoad.NONE;

    private Node(String id, NodeOptions options, Vertx vertx, Cluster cluster) {
        this.id = id;
        this.options = options;
        this.vertx = vertx;
        this.cluster = cluster;
        this.budgets = options.budgets().budgets(Runtime.getRuntime().maxMemory(),
                io.netty.util.internal.PlatformDependent.maxDirectMemory());
        this.streams = new StreamTable(options.streams(), budgets.memory());
        this.authorizer = AuthPolicy.create(vertx, options.auth(), LinkToken.of(options.cluster().secret()), id,
                options.role());
        this.events = EventWebhook.create(vertx, options.events(), id, options.role());
        if (cluster != null) {
            // Edges pull one connection per stream from an origin: the cluster's own hosts are not held to the
            // per-address bound (on one machine that is loopback, everyone).
            budgets.connections().exemptFromPerAddress(host -> cluster.memberHosts().contains(host));
        }
        this.figures = new LocalFigures(stats, streams, cluster == null ? FigureSeal.NONE : cluster.figureSeal());
    }

    /**
     * Joins the cluster, registers the node, then deploys the role's verticle once per instance. A start that fails
     * closes what it started before its future fails.
     */
    public static Future<Node> start(NodeOptions options, Function<Node, Supplier<? extends Deployable>> verticle) {
        String id = UUID.randomUUID().toString();
        return HazelcastSetup.start(options.cluster(), id, vertxOptions()).compose(clustered -> {
            Node node = new Node(id, options, clustered.vertx(), clustered.cluster());
            NodeRecord self = new NodeRecord(node.id, options.role(), options.zone(), NodeRecord.READY,
                    options.rtmpAddress(), options.clientAddress(), options.httpAddress(), System.currentTimeMillis(),
                    NodeLoad.NONE);
            return node.closedOnFailure(node.startHttp()
                    .compose(v -> node.cluster.start(self, node::load)).onSuccess(v -> node.readiness.joined())
                    .compose(v -> node.deploy(verticle)).onSuccess(v -> node.readiness.listening()));
        });
    }

    /**
     * The HTTP API and this node's figures on the event bus, first: {@code /ready} can then say what the node is
     * still waiting for while it registers and starts listening.
     */
    private Future<Void> startHttp() {
        http = new HttpApi(vertx, cluster, readiness, options.http());
        metrics = new Metrics(vertx, options.role(), stats, streams, options.metricsStreamLabelsMax());
        stats.timeWith(metrics);
        if (events != null) {
            metrics.countEvents(events.counts());
        }
        cluster.streams().timeWith(metrics);
        http.serveMetrics(metrics);
        http.serveLocate(options.routing(), options.zone());
        http.serveDrain(() -> {
            drainAndStop();
            return options.drainTimeoutMillis();
        });
        return figures.register(vertx.eventBus(), id)
                .compose(v -> http.listen(options.bindHost(), options.httpPort())).mapEmpty();
    }

    /** A node outside any cluster: serves its own streams only (tests, single-box use), with no HTTP API. */
    public static Future<Node> startStandalone(NodeOptions options,
                                               Function<Node, Supplier<? extends Deployable>> verticle) {
        Node node = new Node(UUID.randomUUID().toString(), options, Vertx.vertx(vertxOptions()), null);
        return node.closedOnFailure(node.deploy(verticle));
    }

    /** Linux's native transport (epoll) where it loads, NIO otherwise; the start line says which. */
    private static VertxOptions vertxOptions() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    private String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll"
                : "nio (native transport unavailable: " + vertx.unavailableNativeTransportCause() + ")";
    }

    private Future<Void> deploy(Function<Node, Supplier<? extends Deployable>> verticle) {
        return vertx.deployVerticle(verticle.apply(this), new DeploymentOptions().setInstances(options.instances()))
                .mapEmpty();
    }

    /** This node once the start {@code steps} succeeded; if they failed, the node is stopped first. */
    private Future<Node> closedOnFailure(Future<Void> steps) {
        // No context: after a failure it completes once Vert.x closed, and no event loop is left then to run the
        // listeners of a future bound to one (they were lost, and the start hung).
        Promise<Node> started = Promise.promise();
        steps.onComplete(ar -> {
            if (ar.succeeded()) {
                started.complete(this);
            } else {
                stop().onComplete(closed -> started.fail(ar.cause()));
            }
        });
        return started.future();
    }

    /** This node's id, stable for its lifetime (also across cluster merges). */
    public String id() {
        return id;
    }

    public NodeOptions options() {
        return options;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The cluster this node belongs to, or null for a standalone node. */
    public Cluster cluster() {
        return cluster;
    }

    public StreamTable streams() {
        return streams;
    }

    public NodeStats stats() {
        return stats;
    }

    /** Who may connect, publish and play here: the policy {@code AUTH_*} configures, shared by every listener. */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** Where the node's listeners report publishes and plays (metering); nothing when not configured. */
    public SessionEvents sessionEvents() {
        return events == null ? SessionEvents.NONE : events;
    }

    /** The node-wide bounds its listeners and streams hold peers to. */
    public Budgets budgets() {
        return budgets;
    }

    /** What {@code /ready} answers from. */
    public Readiness readiness() {
        return readiness;
    }

    /** The node's HTTP API (its router takes more routes), or null for a standalone node. */
    public HttpApi http() {
        return http;
    }

    /**
     * How busy the node is now: its players, its egress since the last call, its capacity (edges). Sampled by the
     * node registry every few seconds; {@link #currentLoad} reads the last sample.
     */
    NodeLoad load() {
        synchronized (loadLock) {
            long now = System.nanoTime();
            long out = stats.traffic().bytesOut();
            long bps = loadSampledNanos == 0 || now == loadSampledNanos ? 0
                    : (long) ((out - loadBytesOut) * 8 * 1e9 / (now - loadSampledNanos));
            loadBytesOut = out;
            loadSampledNanos = now;
            boolean edge = !"origin".equals(options.role());
            load = new NodeLoad(stats.players(), bps, edge ? options.edge().capacityPlayers() : 0,
                    edge ? options.edge().capacityBps() : 0);
            return load;
        }
    }

    /** The load as last sampled, with the players counted now. */
    public NodeLoad currentLoad() {
        NodeLoad last = load;
        return new NodeLoad(stats.players(), last.egressBps(), last.capacityPlayers(), last.capacityBps());
    }

    /** The node's RTMP listeners (what a drain stops). */
    public RtmpListeners listeners() {
        return listeners;
    }

    /** This node's answers to other nodes' API requests. */
    public LocalFigures figures() {
        return figures;
    }

    /**
     * Marks the node draining, for good: {@code /ready} answers 503 and the registry record says draining, so
     * routing (edges choosing an origin for a publish) leaves the node out. Moving players and publishers off it is
     * the caller's part.
     */
    public Future<Void> markDraining() {
        readiness.draining();
        return cluster == null ? Future.succeededFuture() : cluster.nodes().updateState(NodeRecord.DRAINING);
    }

    /**
     * Drains the node (SIGTERM, {@code POST /api/v1/drain}): marks it draining, stops its RTMP listeners, asks the
     * clients that announced Enhanced RTMP's reconnect capability to move to another ready node of the role (its
     * zone first), and lets the others stay until they leave or {@code DRAIN_TIMEOUT_MS} passes, when they are
     * closed. Completes once no RTMP connection is left. Idempotent.
     *
     * <p>The node's lock only decides who drains: the registry and the listeners are called outside it.
     */
    public Future<Void> drain() {
        Promise<Void> draining = Promise.promise();
        synchronized (this) {
            if (drain != null) {
                return drain;
            }
            drain = draining.future();
        }
        long started = System.nanoTime();
        markDraining().recover(e -> {
            LOG.log(System.Logger.Level.WARNING, "drain: could not mark the node draining in the registry: " + e);
            return Future.succeededFuture();
        }).compose(v -> drainTargets()).compose(targets -> {
            LOG.log(System.Logger.Level.INFO, "draining: {0} RTMP connections; clients that can reconnect are "
                    + "sent to {1}; the others are closed after {2} ms", listeners.connections(),
                    targets.sameZone().isEmpty() ? targets.others() : targets.sameZone(),
                    String.valueOf(options.drainTimeoutMillis()));
            return listeners.drain(targets, options.drainTimeoutMillis());
        }).onComplete(ar -> LOG.log(System.Logger.Level.INFO, "drained in {0} ms",
                String.valueOf((System.nanoTime() - started) / 1_000_000))).onComplete(draining);
        return draining.future();
    }

    /** {@link #drain}, then {@link #stop}. */
    public Future<Void> drainAndStop() {
        return drain().eventually(this::stop);
    }

    /** The other ready nodes of this role, by zone; none when the registry cannot say. */
    private Future<DrainTargets> drainTargets() {
        if (cluster == null) {
            return Future.succeededFuture(DrainTargets.NONE);
        }
        var members = cluster.members();
        return cluster.nodes().nodes()
                .map(nodes -> DrainTargets.among(nodes, members, id, options.role(), options.zone()))
                .otherwise(DrainTargets.NONE);
    }

    /** Whether a drain or a stop has begun. */
    public synchronized boolean isStopping() {
        return drain != null || stop != null;
    }

    /**
     * Completes once the node has stopped, whoever stopped it (a drain ends with a stop); fails when closing it
     * failed.
     */
    public Future<Void> stopped() {
        return stopped.future();
    }

    /**
     * Leaves the registry, then closes listeners, connections and the cluster membership. Leaving the registry is
     * best effort and bounded: a record left behind expires with its TTL. Idempotent.
     */
    public Future<Void> stop() {
        Promise<Void> stopping = Promise.promise();
        synchronized (this) {
            if (stop != null) {
                return stop;
            }
            stop = stopping.future();
        }
        closeAll().onComplete(ar -> {
            if (ar.succeeded()) {
                stopped.tryComplete();
            } else {
                stopped.tryFail(ar.cause());
            }
            stopping.handle(ar);
        });
        return stopping.future();
    }

    private Future<Void> closeAll() {
        return endSessions().compose(v -> closeNode());
    }

    /**
     * With session events on: closes the RTMP connections still open, so that each session's stop event is queued,
     * and waits a bounded time for the queue to be delivered before Vert.x (and its HTTP client) closes.
     */
    private Future<Void> endSessions() {
        if (events == null) {
            return Future.succeededFuture();
        }
        return listeners.closeSessions().otherwiseEmpty()
                .compose(v -> events.flush(options.events().shutdownFlushMillis()));
    }

    private Future<Void> closeNode() {
        if (cluster == null) {
            return vertx.close().andThen(ar -> streams.releaseAll());
        }
        Promise<Void> left = Promise.promise();
        cluster.stop().onComplete(ar -> left.tryComplete());
        vertx.setTimer(DEREGISTER_BUDGET_MILLIS, id -> left.tryComplete());
        // Vert.x first, then the Hazelcast member it was given.
        return left.future().compose(v -> vertx.close()).eventually(cluster::leave).andThen(ar -> {
            streams.releaseAll();
            if (metrics != null) {
                metrics.close();
            }
        });
    }

    /** The one line a node logs when it is up. */
    String startLine() {
        return options.role() + " node " + id + " rtmp " + options.bindHost() + ":" + options.rtmpPort()
                + " (public " + options.rtmpAddress() + ") http " + options.bindHost() + ":" + options.httpPort()
                + " zone " + options.zone() + " instances " + options.instances() + " cluster "
                + options.cluster().name() + " members " + clusterMembers() + " transport " + transport()
                + " memory budget " + mebibytes(budgets.memory().limit()) + " (heap "
                + mebibytes(Runtime.getRuntime().maxMemory()) + ", direct "
                + mebibytes(io.netty.util.internal.PlatformDependent.maxDirectMemory()) + ") max connections "
                + options.budgets().maxConnections() + " (" + options.budgets().maxConnectionsPerAddress()
                + " per address) auth " + options.auth().describe();
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private String clusterMembers() {
        return cluster == null ? "[standalone]" : cluster.memberAddresses().toString();
    }

    void logStarted() {
        LOG.log(System.Logger.Level.INFO, startLine());
    }
}
