package org.rtmpcluster.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The cluster-wide map of nodes: node id → {@link NodeRecord}, refreshed by each node while it lives. */
public final class NodeRegistry {
    public static final String MAP_NAME = "rtmp.nodes";
    private static final long TTL_MILLIS = 30_000;

    private final Vertx vertx;
    private final IMap<String, NodeRecord> map;
    private volatile NodeRecord self;
    private long refreshTimer = -1;

    NodeRegistry(Vertx vertx, IMap<String, NodeRecord> map) {
        this.vertx = vertx;
        this.map = map;
    }

    /** Records this node and keeps the record fresh. */
    Future<Void> register(NodeRecord record) {
        self = record;
        refreshTimer = vertx.setPeriodic(TTL_MILLIS / 3, id -> put());
        return put();
    }

    /** Replaces this node's record (a change of state) and writes it now, not at the next refresh. */
    public Future<Void> update(NodeRecord record) {
        self = record;
        return put();
    }

    /** This node's record as last written, or null before {@link #register}. */
    public NodeRecord self() {
        return self;
    }

    Future<Void> deregister() {
        vertx.cancelTimer(refreshTimer);
        NodeRecord me = self;
        if (me == null) {
            return Future.succeededFuture();
        }
        try {
            return Future.fromCompletionStage(map.removeAsync(me.nodeId())).mapEmpty();
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // the member is already gone (terminated or shutting down)
        }
    }

    /** The nodes of the cluster as registered (a blocking read, so off the event loop). */
    public Future<List<NodeRecord>> nodes() {
        return vertx.executeBlocking(() -> List.copyOf(map.values()));
    }

    private Future<Void> put() {
        NodeRecord me = self;
        try {
            return Future.fromCompletionStage(map.putAsync(me.nodeId(), me, TTL_MILLIS, TimeUnit.MILLISECONDS),
                    vertx.getOrCreateContext()).mapEmpty();
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // shutting down; the record expires by its TTL
        }
    }
}
