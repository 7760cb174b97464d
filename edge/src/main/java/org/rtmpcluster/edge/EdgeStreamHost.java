package org.rtmpcluster.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.StreamHost;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An edge's streams: a play of a stream the edge does not carry starts one {@link UpstreamPull} for it, shared by
 * every player on every event loop of the node; a publish is forwarded to an origin ({@link IngestForward}).
 * One instance per node, shared by the node's verticle instances.
 */
final class EdgeStreamHost implements StreamHost {
    private final Vertx vertx;
    private final StreamTable table;
    private final Cluster cluster;
    private final NodeOptions options;
    private final Map<StreamKey, UpstreamPull> pulls = new ConcurrentHashMap<>();

    EdgeStreamHost(Vertx vertx, StreamTable table, Cluster cluster, NodeOptions options) {
        this.vertx = vertx;
        this.table = table;
        this.cluster = cluster;
        this.options = options;
        cluster.streams().onChange(record -> {
            int slash = record.key().indexOf('/');
            if (slash > 0) {
                UpstreamPull pull = pulls.get(new StreamKey(record.key().substring(0, slash),
                        record.key().substring(slash + 1)));
                if (pull != null) {
                    pull.onRecord(record);
                }
            }
        });
        cluster.onReconcile(() -> pulls.values().forEach(UpstreamPull::reconcile));
    }

    @Override
    public Future<MediaStream> play(StreamKey key) {
        MediaStream local = table.find(key);
        if (local != null && local.hasPublisher() && !pulls.containsKey(key)) {
            return Future.succeededFuture(local); // published to this edge (ingest)
        }
        Context here = vertx.getOrCreateContext();
        boolean[] created = new boolean[1];
        UpstreamPull pull = pulls.computeIfAbsent(key, k -> {
            created[0] = true;
            return new UpstreamPull(k, here, table, cluster, options.edge(), options.connection(),
                    () -> pulls.remove(k));
        });
        if (created[0]) {
            pull.start();
        } else {
            pull.playerJoining();
        }
        return pull.ready();
    }

    @Override
    public void playerLeft(MediaStream stream) {
        UpstreamPull pull = pulls.get(stream.key());
        if (pull != null) {
            pull.playerLeft();
        }
    }

    @Override
    public Future<Publication> publish(StreamKey key, String publisherDescription) {
        return IngestForward.start(vertx, table, cluster, key, publisherDescription, options);
    }
}
