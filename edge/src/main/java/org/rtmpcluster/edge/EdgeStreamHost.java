package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.auth.LinkToken;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.server.PlayLease;
import org.rtmpcluster.server.StreamHost;


/**
 * An edge's streams: a play of a stream the edge does not carry starts one {@link UpstreamPull} for it, shared by
 * every player on every event loop of the node ({@link PullTable} counts them and closes the pull after the last);
 * a publish is forwarded to an origin ({@link IngestForward}). One instance per node, shared by the node's verticle
 * instances.
 */
final class EdgeStreamHost implements StreamHost {
    private final Vertx vertx;
    private final StreamTable table;
    private final Cluster cluster;
    private final NodeOptions options;
    private final PullTable pulls;
    private final NodeStats stats;
    /** The cluster's credential on this edge's upstream links. */
    private final LinkToken links;

    EdgeStreamHost(Vertx vertx, StreamTable table, Cluster cluster, NodeOptions options, NodeStats stats) {
        this.vertx = vertx;
        this.stats = stats;
        this.table = table;
        this.cluster = cluster;
        this.options = options;
        this.links = LinkToken.of(options.cluster().secret());
        UpstreamFinder finder = new UpstreamFinder(options.edge().parents(), cluster.streams()::lookup);
        UpstreamPull.Connector connector = (upstream, app) -> RtmpClient.connect(vertx, upstream.host(),
                upstream.port(), app, options.connection(), stats.traffic(),
                options.edge().upstreamConnectTimeoutMillis(), table.memoryBudget());
        this.pulls = new PullTable(vertx, options.edge().upstreamIdleMillis(), (key, onStopped) ->
                new UpstreamPull(key, vertx.getOrCreateContext(), table, finder, connector,
                        k -> linked(k, AuthRequest.Action.PLAY), options.edge(), onStopped, stats), stats, key -> {
                    MediaStream local = table.find(key);
                    return local != null && local.hasPublisher() ? local : null;
                });
        cluster.streams().onChange(record -> {
            UpstreamPull pull = StreamKey.isValidKey(record.key()) ? pulls.find(StreamKey.parse(record.key())) : null;
            if (pull != null) {
                pull.onRecord(record);
            }
        });
        cluster.onReconcile(() -> pulls.pulls().forEach(UpstreamPull::reconcile));
    }

    @Override
    public PlayLease play(StreamKey key) {
        return pulls.join(key); // or the stream published to this edge itself (ingest)
    }

    /** The edge's pulls (for tests). */
    PullTable pulls() {
        return pulls;
    }

    @Override
    public Future<Publication> publish(StreamKey key, String publisherDescription, boolean takeOver) {
        return IngestForward.start(vertx, table, cluster, key, publisherDescription, takeOver,
                () -> linked(key, AuthRequest.Action.PUBLISH), options, stats);
    }

    /**
     * The name an upstream {@code action} of {@code key} asks for: the key's name with the edge's link credential, so
     * that an origin whose clients need credentials lets the edge through (the clients' own never leave the edge).
     */
    private String linked(StreamKey key, AuthRequest.Action action) {
        String query = links.query(action, key.toString(), System.currentTimeMillis());
        return query.isEmpty() ? key.name() : key.name() + "?" + query;
    }
}
