package org.rtmpcluster.origin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.cluster.StreamRegistry;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.TooManyStreamsException;
import org.rtmpcluster.server.PlayLease;
import org.rtmpcluster.server.StreamHost;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An origin's streams: a publish is claimed on this node first (cheap, refuses a local duplicate at once), then in
 * the cluster registry (refuses a publisher of the same key on any other origin). While it lasts, the claim is
 * refreshed; a refresh that finds the claim gone (expired, or lost to a newer claim after a split-brain merge)
 * stops the publisher. Players are served from the local streams.
 */
final class OriginStreamHost implements StreamHost {
    private static final System.Logger LOG = System.getLogger(OriginStreamHost.class.getName());

    private final Vertx vertx;
    private final StreamTable table;
    private final Cluster cluster;
    private final String rtmpAddress;
    /** A refresh per live claim of this node, run on a timer and whenever the cluster asks to reconcile. */
    private final Set<Runnable> claims = ConcurrentHashMap.newKeySet();

    OriginStreamHost(Vertx vertx, StreamTable table, Cluster cluster, String rtmpAddress) {
        this.vertx = vertx;
        this.table = table;
        this.cluster = cluster;
        this.rtmpAddress = rtmpAddress;
        // After a split-brain merge the registry may have chosen another origin's claim: check ours at once
        // rather than at the next periodic refresh.
        cluster.onReconcile(() -> claims.forEach(Runnable::run));
    }

    @Override
    public Future<Publication> publish(StreamKey key, String publisherDescription, boolean takeOver) {
        Publication local;
        try {
            local = table.publish(key, publisherDescription, takeOver);
        } catch (TooManyStreamsException e) {
            return Future.failedFuture(e); // before the registry: the bound holds the registry's share too
        }
        if (local == null) {
            return Future.succeededFuture();
        }
        return cluster.claimHolders().compose(holders -> cluster.streams().claim(key, cluster.nodeId(), rtmpAddress,
                holders)).transform(ar -> {
            if (ar.failed()) {
                local.close();
                return Future.failedFuture("cluster registry unavailable: " + ar.cause().getMessage());
            }
            StreamRecord claim = ar.result();
            if (!claim.nodeId().equals(cluster.nodeId())) {
                LOG.log(System.Logger.Level.INFO, "refused publish of {0}: published on {1} (epoch {2})", key,
                        claim.rtmpAddress(), String.valueOf(claim.epoch()));
                local.close();
                return Future.succeededFuture();
            }
            keepClaim(local, claim);
            return Future.succeededFuture(local);
        });
    }

    private void keepClaim(Publication publication, StreamRecord claim) {
        Runnable refresh = () -> cluster.streams().refresh(claim).onSuccess(stillOurs -> {
            if (!stillOurs) {
                publication.revoke("stream " + claim.key() + " is now claimed by another origin");
            }
        });
        claims.add(refresh);
        long timer = vertx.setPeriodic(StreamRegistry.REFRESH_MILLIS, id -> refresh.run());
        publication.whenClosed(() -> {
            claims.remove(refresh);
            vertx.cancelTimer(timer);
            cluster.streams().release(claim);
        });
    }

    @Override
    public PlayLease play(StreamKey key) {
        return PlayLease.of(Future.succeededFuture(table.find(key)));
    }
}
