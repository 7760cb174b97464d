package org.rtmpcluster.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.server.NodeStats;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running node: one Vert.x instance, the node-wide stream table and counters, and the role's verticle deployed
 * once per event loop ({@code INSTANCES}). Both roles start through here; only the verticle differs.
 */
public final class Node {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    private final String id = UUID.randomUUID().toString();
    private final NodeOptions options;
    private final Vertx vertx;
    private final StreamTable streams;
    private final NodeStats stats = new NodeStats();

    private Node(NodeOptions options, Vertx vertx) {
        this.options = options;
        this.vertx = vertx;
        this.streams = new StreamTable(options.streams());
    }

    /** Starts a node whose role verticle is made by {@code verticle}, once per instance. */
    public static Future<Node> start(NodeOptions options, Function<Node, Supplier<? extends Deployable>> verticle) {
        Node node = new Node(options, Vertx.vertx());
        return node.vertx.deployVerticle(verticle.apply(node), new DeploymentOptions().setInstances(options.instances()))
                .map(deploymentId -> node)
                .recover(e -> node.vertx.close().transform(ignored -> Future.failedFuture(e)));
    }

    public String id() {
        return id;
    }

    public NodeOptions options() {
        return options;
    }

    public Vertx vertx() {
        return vertx;
    }

    public StreamTable streams() {
        return streams;
    }

    public NodeStats stats() {
        return stats;
    }

    /** Closes listeners and connections. */
    public Future<Void> stop() {
        return vertx.close();
    }

    /** The one line a node logs when it is up. */
    String startLine() {
        return options.role() + " node " + id + " rtmp " + options.bindHost() + ":" + options.rtmpPort()
                + " (public " + options.rtmpAddress() + ") http " + options.bindHost() + ":" + options.httpPort()
                + " zone " + options.zone() + " instances " + options.instances() + " cluster " + options.clusterName()
                + " members " + (options.clusterMembers().isEmpty() ? "[none]" : options.clusterMembers());
    }

    void logStarted() {
        LOG.log(System.Logger.Level.INFO, startLine());
    }
}
