package org.rtmpcluster.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.NoDataMemberInClusterException;
import com.hazelcast.spi.exception.RetryableException;
import io.vertx.core.Future;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's Hazelcast member, started before Vert.x and shut down after it (what vertx-hazelcast asks of a member
 * it is given rather than one it creates). {@link #join} returns once the cluster can serve partition operations,
 * or fails when the join timeout is over: Vert.x's first step with the member (recording the node's event-bus
 * address in a map) and the registries need a partition owner, and an edge, a lite member, has none until an
 * origin, a data member, is in the cluster. Nodes started together show why: an edge that comes up first becomes
 * the master of a cluster with no data member and, without this wait, fails at once with
 * {@code NoDataMemberInClusterException}. Started together, nodes may even form two clusters; Hazelcast merges
 * them 15 to 30 s later (its split-brain handler), and the wait covers that too.
 *
 * <p>Joining and leaving block, so each runs on a thread of its own: before Vert.x exists there is no worker to lend
 * one, and after it closed there is none left.
 */
final class ClusterMember {
    private static final System.Logger LOG = System.getLogger(ClusterMember.class.getName());
    /** A partition read that tells the partition table is assigned; the key is never written. */
    private static final String PROBE_KEY = "rtmp.join-probe";
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 1000;
    /** Membership events wake the wait; this bounds it in case one is missed (a merge replaces the member list). */
    private static final long RECHECK_MILLIS = 1000;

    private ClusterMember() {
    }

    /** Starts the member and waits, within {@code timeoutMillis} in all, until partition operations work. */
    static Future<HazelcastInstance> join(Config config, long timeoutMillis) {
        return onThreadOfItsOwn("cluster-join", () -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
            try {
                awaitPartitionOwners(hz, timeoutMillis, deadline);
                return hz;
            } catch (Exception | Error e) {
                hz.getLifecycleService().shutdown();
                throw e;
            }
        });
    }

    /** Leaves the cluster gracefully: a data member hands its partitions over first. */
    static Future<Void> leave(HazelcastInstance hz) {
        return onThreadOfItsOwn("cluster-leave", () -> {
            hz.getLifecycleService().shutdown();
            return null;
        });
    }

    private static void awaitPartitionOwners(HazelcastInstance hz, long timeoutMillis, long deadline)
            throws InterruptedException {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (true) {
            awaitDataMember(hz, timeoutMillis, deadline);
            try {
                hz.getMap(NodeRegistry.MAP_NAME).containsKey(PROBE_KEY);
                return;
            } catch (RuntimeException e) {
                // The data member left again, or partitions are still being assigned: both pass.
                if (!(e instanceof NoDataMemberInClusterException) && !(e instanceof RetryableException)) {
                    throw e;
                }
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMillis) > deadline) {
                    throw new ClusterJoinException("cluster '" + hz.getConfig().getClusterName() + "' could not "
                            + "serve partition operations within " + timeoutMillis + " ms: " + e.getMessage());
                }
                Thread.sleep(retryMillis);
                retryMillis = Math.min(2 * retryMillis, LAST_RETRY_MILLIS);
            }
        }
    }

    /** Returns when a data member is in the cluster (at once for a data member itself). */
    private static void awaitDataMember(HazelcastInstance hz, long timeoutMillis, long deadline)
            throws InterruptedException {
        if (hasDataMember(hz)) {
            return;
        }
        String clusterName = hz.getConfig().getClusterName();
        LOG.log(System.Logger.Level.INFO, "no origin in cluster ''{0}'' yet: waiting up to {1} ms for one to join",
                clusterName, String.valueOf(timeoutMillis));
        Object changed = new Object();
        MembershipListener wake = new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                notifyOf(changed);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                notifyOf(changed);
            }
        };
        UUID membership = hz.getCluster().addMembershipListener(wake);
        UUID lifecycle = hz.getLifecycleService().addLifecycleListener(event -> notifyOf(changed));
        try {
            synchronized (changed) {
                while (!hasDataMember(hz)) {
                    if (!hz.getLifecycleService().isRunning()) {
                        throw new ClusterJoinException("the cluster member shut down while waiting for an origin");
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ClusterJoinException("no origin joined cluster '" + clusterName + "' within "
                                + timeoutMillis + " ms (members: " + hz.getCluster().getMembers().stream()
                                .map(ClusterMember::address).toList() + "): an edge serves what origins hold");
                    }
                    changed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), RECHECK_MILLIS)));
                }
            }
        } finally {
            hz.getCluster().removeMembershipListener(membership);
            hz.getLifecycleService().removeLifecycleListener(lifecycle);
        }
    }

    private static boolean hasDataMember(HazelcastInstance hz) {
        return hz.getCluster().getMembers().stream().anyMatch(m -> !m.isLiteMember());
    }

    private static void notifyOf(Object changed) {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    /** Runs a blocking call on a daemon thread (it never keeps the JVM up), as a future. */
    private static <T> Future<T> onThreadOfItsOwn(String name, Callable<T> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(call.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return Future.fromCompletionStage(done);
    }
}
