package org.rtmpcluster.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Hazelcast member configuration from the node's options and starts a clustered Vert.x on it.
 *
 * <ul>
 *   <li>Origins are data members; edges are lite members (they own no partitions, so autoscaling edges moves no
 *       data).</li>
 *   <li>The member port binds {@code CLUSTER_HOST} only, as the event bus does.</li>
 *   <li>Discovery: a TCP/IP member list ({@code CLUSTER_MEMBERS}), or Kubernetes DNS lookup of a headless service
 *       ({@code CLUSTER_K8S_SERVICE_DNS}); multicast is off.</li>
 *   <li>Failure detection: heartbeats every second, a member silent for 5 s is dropped (the default is 60 s), so a
 *       dead origin's streams can be published elsewhere within seconds. A GC pause longer than that looks like a
 *       death, so keep pauses short (the default G1 is fine at these heap sizes).</li>
 *   <li>Split-brain merges run 15 s after a split heals; stream records merge by higher epoch.</li>
 *   <li>Registry types are written by serializers of ours, and Java deserialization is closed to all but a few
 *       JDK and Hazelcast packages ({@link RegistrySerialization}).</li>
 *   <li>With {@code CLUSTER_SECRET}, each member carries a {@link MemberProof} attribute and the registry's
 *       records are signed ({@link RecordSignature}); members and records without them are not believed
 *       ({@link ClusterTrust}). Hazelcast's traffic itself is neither authenticated nor encrypted.</li>
 *   <li>Joining is bounded by {@code CLUSTER_JOIN_TIMEOUT_MS}: Hazelcast's own join, then the wait for a cluster
 *       that can serve partition operations ({@link ClusterMember}); Vert.x starts on the member only then.</li>
 * </ul>
 */
public final class HazelcastSetup {
    static final String HEARTBEAT_SECONDS = "1";
    static final String MAX_NO_HEARTBEAT_SECONDS = "5";
    static final String MERGE_DELAY_SECONDS = "15";

    private HazelcastSetup() {
    }

    /** The member attribute that carries a node's id: member UUIDs change when a member merges after a split. */
    static final String NODE_ID_ATTRIBUTE = "rtmp.node.id";
    /**
     * Where vertx-hazelcast reads the Vert.x node id of a member it is given ("Using an existing Hazelcast
     * cluster" in its documentation); the constant in HazelcastClusterManager is private.
     */
    static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    public static Config config(ClusterOptions options, String nodeId) {
        Config config = ConfigUtil.loadConfig();
        config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, nodeId);
        config.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID_ATTRIBUTE, nodeId);
        if (options.hasSecret()) {
            // The others check it against this member's id and the address it advertises (below).
            config.getMemberAttributeConfig().setAttribute(MemberProof.ATTRIBUTE,
                    MemberProof.of(options.secret()).proof(nodeId, options.host() + ":" + options.port()));
        }
        // Claims are signed on the key's partition owner, which finds its signer here (ClaimStream).
        config.getUserContext().put(RecordSignature.USER_CONTEXT_KEY, RecordSignature.of(options.secret()));
        config.setClusterName(options.name());
        config.setLiteMember(options.liteMember());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", HEARTBEAT_SECONDS);
        config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
        config.setProperty("hazelcast.merge.first.run.delay.seconds", MERGE_DELAY_SECONDS);
        config.setProperty("hazelcast.merge.next.run.delay.seconds", MERGE_DELAY_SECONDS);
        config.setProperty("hazelcast.local.localAddress", options.host());
        // The member port listens on CLUSTER_HOST only (Hazelcast binds every interface by default): whoever reaches
        // it with the cluster name can join and write the maps. In Kubernetes CLUSTER_HOST is the pod's IP.
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Join within a second or two instead of the default 5-20 s wait for more members.
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        // Hazelcast's own join gives up after 300 s by default; the node's join timeout bounds it too.
        config.setProperty("hazelcast.max.join.seconds",
                String.valueOf(TimeUnit.MILLISECONDS.toSeconds(options.joinTimeoutMillis() + 999)));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(false);
        network.setPublicAddress(options.host() + ":" + options.port());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (!options.kubernetesServiceDns().isEmpty()) {
            // DNS lookup dials every address it finds on service-port, 5701 unless set: our port, then.
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", options.kubernetesServiceDns())
                    .setProperty("service-port", String.valueOf(options.port()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(options.members().isEmpty()
                    ? List.of(options.host() + ":" + options.port())
                    : options.members());
        }

        RegistrySerialization.configure(config.getSerializationConfig());

        MapConfig streams = new MapConfig(StreamRegistry.MAP_NAME).setBackupCount(1);
        // Ending the streams of an origin that left looks its records up here instead of reading every record.
        streams.addIndexConfig(new IndexConfig(IndexType.HASH, StreamRegistry.NODE_ID_ATTRIBUTE));
        streams.getMergePolicyConfig().setPolicy(HigherEpochMergePolicy.class.getName());
        config.addMapConfig(streams);
        config.addMapConfig(new MapConfig(NodeRegistry.MAP_NAME).setBackupCount(1));
        return config;
    }

    /**
     * Starts a clustered Vert.x with {@code vertxOptions} whose cluster manager is Hazelcast configured as above, for
     * node {@code nodeId}.
     */
    public static Future<ClusteredVertx> start(ClusterOptions options, String nodeId, VertxOptions vertxOptions) {
        vertxOptions.getEventBusOptions().setHost(options.host()).setPort(0);
        return ClusterMember.join(config(options, nodeId), options.joinTimeoutMillis()).compose(hz -> {
            Promise<ClusteredVertx> started = Promise.promise(); // no context: it may complete after Vert.x closed
            Vertx.builder().with(vertxOptions).withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
                    .onFailure(e -> leave(hz, e, started)) // Vert.x closed itself
                    // Map proxies are created with Hazelcast's blocking API: off the event loop.
                    .onSuccess(vertx -> vertx.executeBlocking(() -> new Cluster(vertx, hz,
                            options.registryTimeoutMillis(), options.secret())).onComplete(cluster -> {
                        if (cluster.succeeded()) {
                            started.complete(new ClusteredVertx(vertx, cluster.result()));
                        } else {
                            vertx.close().onComplete(closed -> leave(hz, cluster.cause(), started));
                        }
                    }));
            return started.future();
        });
    }

    /** Ends the member of a start that failed with {@code cause}. */
    private static void leave(HazelcastInstance hz, Throwable cause, Promise<ClusteredVertx> started) {
        ClusterMember.leave(hz).onComplete(left -> started.fail(cause));
    }

    /** A clustered Vert.x and this node's view of its cluster. */
    public record ClusteredVertx(Vertx vertx, Cluster cluster) {
    }
}
