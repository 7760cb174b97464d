package org.rtmpcluster.cluster;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.PagingPredicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.rtmpcluster.media.StreamKey;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster-wide map of live streams: stream key → {@link StreamRecord}. Claims and releases are entry processors
 * run on the key's partition owner, so each is atomic without locks (Hazelcast's CP locks are not in the
 * open-source edition). No call blocks an event loop.
 *
 * <p>Changes reach listeners as events: claims, releases and expiries, not refreshes, so that the events every node
 * receives grow with the streams that start and end, not with the streams that last. Events can be lost in a
 * failover (Hazelcast says so), so followers treat them as hints and look the key up again when it matters.
 */
public final class StreamRegistry {
    public static final String MAP_NAME = "rtmp.streams";
    /** A live record lives this long without a refresh from its owner (the safety net behind membership events). */
    public static final long LIVE_TTL_MILLIS = 30_000;
    public static final long REFRESH_MILLIS = 10_000;
    /** The record field that names the origin holding a stream (indexed: {@link HazelcastSetup}). */
    static final String NODE_ID_ATTRIBUTE = "nodeId";

    /**
     * Threads that renew claims, apart from Vert.x's shared workers. A renewal is one short call to the key's owner;
     * at 10,000 streams, one every 10 s each, that is about a thousand a second.
     */
    static final int RENEWAL_THREADS = 4;

    private final Vertx vertx;
    private final IMap<String, StreamRecord> map;
    private final WorkerExecutor renewals;
    private final Deadline deadline;
    private final ClusterTrust trust;
    private final List<Consumer<StreamRecord>> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistryTimer timer = RegistryTimer.NONE;

    StreamRegistry(Vertx vertx, IMap<String, StreamRecord> map) {
        this(vertx, map, Deadline.DEFAULT_MILLIS);
    }

    /** Claims, releases, refreshes and lookups fail after {@code timeoutMillis} without an answer. */
    StreamRegistry(Vertx vertx, IMap<String, StreamRecord> map, long timeoutMillis) {
        this(vertx, map, timeoutMillis, ClusterTrust.none());
    }

    /** Believing only the records {@code trust} believes. */
    StreamRegistry(Vertx vertx, IMap<String, StreamRecord> map, long timeoutMillis, ClusterTrust trust) {
        this.vertx = vertx;
        this.trust = trust;
        this.map = map;
        this.deadline = new Deadline(timeoutMillis);
        this.renewals = vertx.createSharedWorkerExecutor("rtmp-claim-renewals", RENEWAL_THREADS);
    }

    /** Registers the map listener (a blocking Hazelcast call, so off the event loop). */
    Future<Void> start() {
        return vertx.executeBlocking(() -> {
            map.addEntryListener(new Events(), true);
            return null;
        });
    }

    /**
     * Claims {@code key} for {@code nodeId}. The future holds the record now in the registry: the caller owns the
     * stream if its node id and a fresh epoch are in it.
     */
    public Future<StreamRecord> claim(StreamKey key, String nodeId, String rtmpAddress, Set<String> members) {
        long now = System.currentTimeMillis();
        String mac = trust.signatures().claimMac(key.toString(), nodeId, rtmpAddress, now);
        return submit("claim", key.toString(), new ClaimStream(nodeId, rtmpAddress, now, members, LIVE_TTL_MILLIS, mac));
    }

    /** Ends the claim; true when it was still ours. */
    public Future<Boolean> release(StreamRecord claim) {
        return submit("release", claim.key(), new ReleaseStream(claim.nodeId(), claim.epoch()));
    }

    /**
     * Renews the claim's time-to-live; false when it is no longer ours (it expired, or after a split-brain merge
     * another origin's newer claim won): the owner then stops publishing, so no stream has two owners.
     *
     * <p>Hazelcast's {@code setTtl} changes no value and publishes no entry event (a rewrite of the record with a new
     * time-to-live, also from an entry processor, is an update event at every node, every 10 s per stream). It has
     * no asynchronous form, so it runs on this registry's own workers ({@link #RENEWAL_THREADS}): on Vert.x's shared
     * pool, renewals queued behind API queries and slipped past the TTL, and the origin revoked its own publishers.
     * A claim taken over between the check and the renewal gets its time-to-live renewed once, harmlessly; the next
     * refresh finds it is not ours.
     *
     * <p>A record that is not believed ({@link ClusterTrust}: a stranger overwrote the claim) is replaced by the
     * claim again, if it is still there: the stranger moved nobody (edges ignore it) and does not stop the publisher.
     */
    public Future<Boolean> refresh(StreamRecord claim) {
        long start = System.nanoTime();
        Future<Boolean> done;
        try {
            done = fromStage(map.getAsync(claim.key())).compose(current -> {
                if (current != null && !trust.trusts(current)) {
                    return renewals.executeBlocking(() -> map.replace(claim.key(), current, claim)
                            && map.setTtl(claim.key(), LIVE_TTL_MILLIS, TimeUnit.MILLISECONDS), false);
                }
                return claim.sameClaim(current)
                        ? renewals.executeBlocking(() -> map.setTtl(claim.key(), LIVE_TTL_MILLIS,
                        TimeUnit.MILLISECONDS), false)
                        : Future.succeededFuture(false);
            });
        } catch (RuntimeException e) {
            done = Future.failedFuture(e); // a member shutting down
        }
        return timed("refresh", start, deadline.bound("refresh of " + claim.key(), done));
    }

    /** The live record of {@code key}, or null; null too for a record that is not believed ({@link ClusterTrust}). */
    public Future<StreamRecord> lookup(StreamKey key) {
        long start = System.nanoTime();
        Future<StreamRecord> found;
        try {
            found = fromStage(map.getAsync(key.toString())).map(r -> r != null && r.live() && trust.trusts(r) ? r
                    : null);
        } catch (RuntimeException e) {
            found = Future.failedFuture(e);
        }
        return timed("lookup", start, deadline.bound("lookup of " + key, found));
    }

    /** Sends the durations of claims, releases, refreshes and lookups to {@code timer} (the metrics). */
    public void timeWith(RegistryTimer timer) {
        this.timer = timer;
    }

    /**
     * Page {@code page} (0-based) of the live streams sorted by key, {@code itemsPerPage} to a page, and the count
     * of all live streams. Both run on the members that hold the data: the count is an aggregation (one number per
     * member comes back), the page a {@code PagingPredicate}, where each member sorts its matches and sends at most
     * {@code (page + 1) * itemsPerPage} of them. So the first pages cost the same at any registry size; a deep page
     * costs more (Hazelcast 5.3 has no random-access anchor), bounded by the live streams themselves.
     */
    public Future<StreamPage> livePage(int page, int itemsPerPage) {
        return vertx.executeBlocking(() -> {
            long count = map.aggregate(Aggregators.count(), LiveStreams.INSTANCE);
            PagingPredicate<String, StreamRecord> paging =
                    Predicates.pagingPredicate(LiveStreams.INSTANCE, LiveStreams.ByKey.INSTANCE, itemsPerPage);
            paging.setPage(page);
            return new StreamPage(count, List.copyOf(map.values(paging)));
        }, false);
    }

    /** Records in the registry, live or not (the soak and the tests watch it stay bounded). */
    public Future<Integer> size() {
        return vertx.executeBlocking(map::size, false);
    }

    /**
     * Ends every live record of a node that left the cluster: the records the index on {@link #NODE_ID_ATTRIBUTE}
     * finds, not every record of the registry.
     */
    public Future<Void> endStreamsOf(String nodeId) {
        return vertx.executeBlocking(() -> {
            map.executeOnEntries(new ReleaseStream(nodeId, -1), Predicates.equal(NODE_ID_ATTRIBUTE, nodeId));
            return null;
        });
    }

    /**
     * Calls {@code listener} with each record that changes (a claim, a release: {@code live} false), of the records
     * believed ({@link ClusterTrust}). Called on a Hazelcast event thread: hop to an event loop before touching
     * anything.
     */
    public void onChange(Consumer<StreamRecord> listener) {
        listeners.add(listener);
    }

    /** Runs an entry processor on the key's owner; a member that is shutting down fails the future, not the caller. */
    private <R> Future<R> submit(String operation, String key,
                                 com.hazelcast.map.EntryProcessor<String, StreamRecord, R> processor) {
        long start = System.nanoTime();
        Future<R> done;
        try {
            done = fromStage(map.submitToKey(key, processor));
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return timed(operation, start, deadline.bound(operation + " of " + key, done));
    }

    private <T> Future<T> timed(String operation, long start, Future<T> done) {
        RegistryTimer t = timer;
        return t == RegistryTimer.NONE ? done
                : done.andThen(ar -> t.record(operation, ar.succeeded(), System.nanoTime() - start));
    }

    private <T> Future<T> fromStage(java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
    }

    private final class Events implements EntryAddedListener<String, StreamRecord>,
            EntryUpdatedListener<String, StreamRecord>, EntryRemovedListener<String, StreamRecord>,
            EntryExpiredListener<String, StreamRecord> {

        @Override
        public void entryAdded(EntryEvent<String, StreamRecord> event) {
            publish(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, StreamRecord> event) {
            publish(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, StreamRecord> event) {
            ended(event.getOldValue());
        }

        @Override
        public void entryExpired(EntryEvent<String, StreamRecord> event) {
            ended(event.getOldValue());
        }

        private void ended(StreamRecord old) {
            if (old != null) {
                publish(old.ended());
            }
        }

        private void publish(StreamRecord record) {
            if (record != null && trust.trusts(record)) {
                listeners.forEach(l -> l.accept(record));
            }
        }
    }
}
