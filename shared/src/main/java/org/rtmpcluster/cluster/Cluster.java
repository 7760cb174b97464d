package org.rtmpcluster.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * This node's view of the cluster: its id, the current members, the stream and node registries, and events for
 * members leaving and split-brain merges (the moments when registry events may have been lost and followers
 * reconcile).
 */
public final class Cluster {
    private static final System.Logger LOG = System.getLogger(Cluster.class.getName());

    private final Vertx vertx;
    private final HazelcastInstance hz;
    private final StreamRegistry streams;
    private final NodeRegistry nodes;
    private final ClusterTrust trust;
    private final FigureSeal figureSeal;
    private final List<Runnable> reconcileListeners = new CopyOnWriteArrayList<>();

    /** Registry calls fail after {@code registryTimeoutMillis} without an answer ({@code REGISTRY_TIMEOUT_MS}). */
    Cluster(Vertx vertx, HazelcastInstance hz, long registryTimeoutMillis) {
        this(vertx, hz, hz.getMap(StreamRegistry.MAP_NAME), registryTimeoutMillis, "");
    }

    /**
     * With {@code secret} ({@code CLUSTER_SECRET}; empty for none): members without its proof and records without
     * its signature are not believed ({@link ClusterTrust}).
     */
    Cluster(Vertx vertx, HazelcastInstance hz, long registryTimeoutMillis, String secret) {
        this(vertx, hz, hz.getMap(StreamRegistry.MAP_NAME), registryTimeoutMillis, secret);
    }

    /** With the stream map given (tests watch what is done to it). */
    Cluster(Vertx vertx, HazelcastInstance hz, IMap<String, StreamRecord> streamMap, long registryTimeoutMillis) {
        this(vertx, hz, streamMap, registryTimeoutMillis, "");
    }

    private Cluster(Vertx vertx, HazelcastInstance hz, IMap<String, StreamRecord> streamMap,
                    long registryTimeoutMillis, String secret) {
        this.vertx = vertx;
        this.hz = hz;
        this.figureSeal = FigureSeal.of(secret);
        this.trust = secret.isEmpty() ? ClusterTrust.none() : new ClusterTrust(MemberProof.of(secret),
                RecordSignature.of(secret), () -> hz.getCluster().getMembers());
        this.streams = new StreamRegistry(vertx, streamMap, registryTimeoutMillis, trust);
        this.nodes = new NodeRegistry(vertx, hz.getMap(NodeRegistry.MAP_NAME), registryTimeoutMillis, trust);
    }

    /** Registers this node and starts listening; {@code self} describes it, {@code load} samples how busy it is. */
    public Future<Void> start(NodeRecord self, java.util.function.Supplier<NodeLoad> load) {
        return vertx.executeBlocking(() -> {
            listen(self);
            return null;
        }).compose(v -> streams.start()).compose(v -> nodes.register(self, load));
    }

    private void listen(NodeRecord self) {
        hz.getCluster().getMembers().forEach(trust::trusts); // logs the untrusted ones already here
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // Nothing to reconcile: a new member holds no streams yet.
                LOG.log(System.Logger.Level.INFO, "cluster member joined: {0} {1}", idOf(event.getMember()),
                        ClusterMember.address(event.getMember()));
                trust.trusts(event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = idOf(event.getMember());
                trust.forget(event.getMember());
                LOG.log(System.Logger.Level.INFO, "cluster member left: {0} {1}", gone,
                        ClusterMember.address(event.getMember()));
                if (self.isOrigin() && !event.getMember().isLiteMember()) {
                    // Every origin runs it; it is idempotent. Edges are lite members and leave it to them, and an
                    // edge that left held no streams.
                    streams.endStreamsOf(gone);
                }
                reconcileListeners.forEach(Runnable::run);
            }
        });
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                LOG.log(System.Logger.Level.WARNING, "cluster merged after a split: reconciling streams");
                reconcileListeners.forEach(Runnable::run);
            }
        });
    }

    /** Leaves the node registry; {@link #leave} the cluster after Vert.x has closed. */
    public Future<Void> stop() {
        return nodes.deregister();
    }

    /** Leaves the cluster gracefully (an origin hands its partitions over first), once Vert.x has closed. */
    public Future<Void> leave() {
        return ClusterMember.leave(hz);
    }

    /** Leaves the cluster at once, as a crash would (tests of failure handling). */
    public void terminate() {
        hz.getLifecycleService().terminate();
    }

    /**
     * This node's id, carried as a member attribute. Not the Hazelcast member UUID: a member that merges back
     * after a split gets a new UUID, and its stream claims must still be recognised as its own.
     */
    public String nodeId() {
        return idOf(hz.getCluster().getLocalMember());
    }

    private static String idOf(Member member) {
        return ClusterTrust.idOf(member);
    }

    /** host:port of the current members, for logs. */
    public List<String> memberAddresses() {
        return hz.getCluster().getMembers().stream().map(ClusterMember::address).sorted().toList();
    }

    /** The hosts of the current members' addresses (a local view, no remote call). */
    public Set<String> memberHosts() {
        return hz.getCluster().getMembers().stream().map(m -> m.getAddress().getHost())
                .collect(Collectors.toSet());
    }

    /** Ids of the current members (a local view, no remote call). */
    public Set<String> members() {
        return hz.getCluster().getMembers().stream()
                .map(Cluster::idOf).collect(Collectors.toSet());
    }

    /**
     * Ids of the members whose stream claims stand against a new publisher: the members, less those draining, so
     * that a publisher moving off a draining origin takes its stream along. The members alone when the node
     * registry cannot be read.
     */
    public Future<Set<String>> claimHolders() {
        Set<String> members = members();
        return nodes.nodes().map(all -> {
            Set<String> holders = new java.util.HashSet<>(members);
            all.stream().filter(n -> NodeRecord.DRAINING.equals(n.state())).forEach(n -> holders.remove(n.nodeId()));
            return holders;
        }).otherwise(members);
    }

    /** Which members and records this node believes ({@code CLUSTER_SECRET}). */
    public ClusterTrust trust() {
        return trust;
    }

    /** How this cluster's nodes seal their figures on the event bus (nothing without a secret). */
    public FigureSeal figureSeal() {
        return figureSeal;
    }

    public StreamRegistry streams() {
        return streams;
    }

    public NodeRegistry nodes() {
        return nodes;
    }

    /** Called (on a Hazelcast thread) when a member left or the cluster merged after a split. */
    public void onReconcile(Runnable listener) {
        reconcileListeners.add(listener);
    }
}
