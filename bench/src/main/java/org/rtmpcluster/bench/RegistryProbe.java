package org.rtmpcluster.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.rtmpcluster.cluster.ClusterOptions;
import org.rtmpcluster.cluster.HazelcastSetup;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.cluster.StreamRegistry;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster's stream registry seen from inside: the soak joins the nodes' cluster as a Hazelcast lite member (no
 * partitions, so no data moves to it; the nodes' own configuration, from {@link HazelcastSetup}) and reads the
 * size of {@link StreamRegistry#MAP_NAME}. Not a Vert.x node: it registers nothing and no node sends it anything.
 * Reads are blocking Hazelcast calls, made on a thread of their own and bounded by a timeout.
 */
final class RegistryProbe implements AutoCloseable {
    /** The member attribute vertx-hazelcast names a member's Vert.x node id with. */
    private static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final HazelcastInstance hazelcast;
    private final IMap<String, StreamRecord> streams;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "registry-probe");
        t.setDaemon(true);
        return t;
    });

    /** What the registry held at one moment: every entry (live or not), and the live ones. */
    record Snapshot(int entries, int live) {
    }

    private RegistryProbe(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.streams = hazelcast.getMap(StreamRegistry.MAP_NAME);
    }

    /** Joins cluster {@code name} from {@code host:port}, seeded with {@code members}; blocks until joined. */
    static RegistryProbe join(String name, String host, int port, List<String> members) {
        ClusterOptions options = new ClusterOptions(name, host, port, members, "", true, 60_000);
        Config config = HazelcastSetup.config(options, "soak-probe-" + ProcessHandle.current().pid());
        // The nodes' Vert.x cluster managers key what they know of a member by this attribute; without it, they
        // log a NullPointerException when the probe leaves. A Vert.x node with no subscriptions is what it then is.
        config.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());
        return new RegistryProbe(Hazelcast.newHazelcastInstance(config));
    }

    /** The registry now; fails if the cluster does not answer within {@code timeoutMillis}. */
    Snapshot read(long timeoutMillis) throws TimeoutException {
        CompletableFuture<Snapshot> read = CompletableFuture.supplyAsync(() -> new Snapshot(streams.size(),
                (int) streams.values().stream().filter(StreamRecord::live).count()), reader);
        try {
            return read.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the registry failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the registry", e);
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
        hazelcast.shutdown();
    }
}
