package org.rtmpcluster.cluster;

import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The cluster-wide map of nodes: node id → {@link NodeRecord}, refreshed by each node while it lives. A node looks
 * at its load every {@link #LOAD_REFRESH_MILLIS} and writes its record when routing would see a difference, and
 * otherwise once more than {@link #QUIET_WRITE_MILLIS} have passed since the last write (so at the next look after
 * that: every 10 to 12 s): one write per node every few seconds, whatever its audience.
 */
public final class NodeRegistry {
    public static final String MAP_NAME = "rtmp.nodes";
    private static final long TTL_MILLIS = 30_000;
    /** How often a node looks at its load. */
    public static final long LOAD_REFRESH_MILLIS = 2000;
    /** A record not written for longer than this is written at the next look, changed or not (a third of its TTL). */
    public static final long QUIET_WRITE_MILLIS = TTL_MILLIS / 3;
    /** How old the nodes {@link #recentNodes()} answers with may be. */
    public static final long SNAPSHOT_MILLIS = 500;

    private final Vertx vertx;
    private final IMap<String, NodeRecord> map;
    private final Deadline deadline;
    private final ClusterTrust trust;
    /** This node's record as last written or about to be; changed without locks (see {@link #refresh}). */
    private final AtomicReference<NodeRecord> self = new AtomicReference<>();
    private long refreshTimer = -1;
    private Supplier<NodeLoad> load = () -> NodeLoad.NONE;
    private volatile long lastPutNanos;
    /** The last read of every record, for {@link #recentNodes()}; null after this node changed its state. */
    private volatile Snapshot snapshot;
    /** Grows with each change of this node's state, so that a read begun before it is not kept. */
    private final AtomicLong stateChanges = new AtomicLong();

    private record Snapshot(List<NodeRecord> nodes, long takenNanos) {
    }

    NodeRegistry(Vertx vertx, IMap<String, NodeRecord> map) {
        this(vertx, map, Deadline.DEFAULT_MILLIS);
    }

    /** Reads of the nodes and writes of this node's record fail after {@code timeoutMillis} without an answer. */
    NodeRegistry(Vertx vertx, IMap<String, NodeRecord> map, long timeoutMillis) {
        this(vertx, map, timeoutMillis, ClusterTrust.none());
    }

    /** Believing only the records {@code trust} believes, and signing this node's own. */
    NodeRegistry(Vertx vertx, IMap<String, NodeRecord> map, long timeoutMillis, ClusterTrust trust) {
        this.vertx = vertx;
        this.trust = trust;
        this.map = map;
        this.deadline = new Deadline(timeoutMillis);
    }

    /** Records this node and keeps the record fresh, with its {@code load} as sampled every few seconds. */
    Future<Void> register(NodeRecord record, Supplier<NodeLoad> load) {
        this.load = load;
        self.set(record.withLoad(load.get()));
        refreshTimer = vertx.setPeriodic(LOAD_REFRESH_MILLIS, id -> refresh());
        return put();
    }

    /**
     * Samples the load and writes the record if routing would see a difference or it is due. No lock is held while
     * the supplier runs: it takes the node's own lock, and a drain holding that lock marks the node draining here.
     */
    void refresh() {
        NodeLoad now = load.get();
        boolean due = System.nanoTime() - lastPutNanos > TimeUnit.MILLISECONDS.toNanos(QUIET_WRITE_MILLIS);
        NodeRecord me = self.get();
        if ((due || now.differsFrom(me.load())) && self.compareAndSet(me, me.withLoad(now))) {
            put();
        } // else a state change came in between and wrote the record itself
    }

    /** Changes this node's state and writes the record now, not at the next refresh. */
    public Future<Void> updateState(String state) {
        if (self.get() == null) {
            return Future.succeededFuture(); // not registered: nothing to route away from yet
        }
        self.updateAndGet(me -> me.withState(state));
        forgetSnapshot(); // this node's own answers show its new state at once
        return put().andThen(ar -> forgetSnapshot()); // and a read that raced the write is not kept
    }

    private void forgetSnapshot() {
        stateChanges.incrementAndGet();
        snapshot = null;
    }

    Future<Void> deregister() {
        vertx.cancelTimer(refreshTimer);
        NodeRecord me = self.get();
        if (me == null) {
            return Future.succeededFuture();
        }
        try {
            return Future.fromCompletionStage(map.removeAsync(me.nodeId())).mapEmpty();
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // the member is already gone (terminated or shutting down)
        }
    }

    /**
     * The nodes of the cluster as registered, read now: for decisions that must see a change made a moment ago (whose
     * claims stand, where a drain sends its clients). A blocking read of every record, so off the event loop. The
     * records believed only ({@link ClusterTrust}).
     */
    public Future<List<NodeRecord>> nodes() {
        return deadline.bound("read of the nodes", vertx.executeBlocking(() -> map.values().stream()
                .filter(trust::trusts).toList()));
    }

    /**
     * Every node to list ({@code /api/v1/nodes}), believed or not: each record, and each member without a valid
     * proof that wrote none (a stranger), as a record with its member address and role "unknown".
     */
    public Future<List<Listed>> listing() {
        return deadline.bound("read of the nodes", vertx.executeBlocking(() -> {
            java.util.Map<String, String> untrusted = trust.untrustedMembers();
            List<Listed> listed = new java.util.ArrayList<>();
            java.util.Set<String> recorded = new java.util.HashSet<>();
            for (NodeRecord r : map.values()) {
                recorded.add(r.nodeId());
                listed.add(new Listed(r, trust.trusts(r), untrusted.get(r.nodeId())));
            }
            untrusted.forEach((id, address) -> {
                if (!recorded.contains(id)) {
                    listed.add(new Listed(new NodeRecord(id, "unknown", "", "unknown", null, null, null, 0, null),
                            false, address));
                }
            });
            return listed;
        }));
    }

    /**
     * A node as {@link #listing} lists it: whether this node believes it, and the cluster address of an untrusted
     * member (null for the others).
     */
    public record Listed(NodeRecord node, boolean trusted, String untrustedMemberAddress) {
    }

    /**
     * The nodes as registered, at most {@link #SNAPSHOT_MILLIS} old: what routing and the API read. A busy node
     * answers many locates a second, each of which would otherwise read every record of the cluster; they share one
     * read instead (the loads in the records are up to {@link #LOAD_REFRESH_MILLIS} old anyway).
     */
    public Future<List<NodeRecord>> recentNodes() {
        long now = System.nanoTime();
        Snapshot s = snapshot;
        if (s != null && now - s.takenNanos < TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS)) {
            return Future.succeededFuture(s.nodes);
        }
        // Callers that come while a read is under way read too: only a completed read is shared, so that every
        // caller's callbacks run on its own event loop.
        long changes = stateChanges.get();
        return nodes().onSuccess(nodes -> {
            if (stateChanges.get() == changes) {
                snapshot = new Snapshot(nodes, now);
            }
        });
    }

    private Future<Void> put() {
        NodeRecord me = trust.signatures().sign(self.get());
        lastPutNanos = System.nanoTime();
        try {
            return deadline.bound("write of this node's record",
                    Future.fromCompletionStage(map.putAsync(me.nodeId(), me, TTL_MILLIS, TimeUnit.MILLISECONDS),
                            vertx.getOrCreateContext()).mapEmpty());
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // shutting down; the record expires by its TTL
        }
    }
}
