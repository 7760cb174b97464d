package org.rtmpcluster.edge;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.client.RtmpUrl;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.media.MediaSink;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamEvent;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.Subscriber;
import org.rtmpcluster.media.TooManyStreamsException;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.routing.Rendezvous;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.server.NodeStats;

/**
 * A publish that reached an edge: it is forwarded to an origin chosen by rendezvous hashing of the stream key (so
 * a reconnecting encoder lands on the same origin), which registers it as usual. The edge keeps a local stream too,
 * so its own players are served without a round trip; the forward to the origin is one more subscriber of it,
 * written with the same shared chunk bytes.
 *
 * <p>When the origin drains and asks the forward to reconnect, the forward publishes at the origin it names and,
 * once that publish has started, moves there: the new forward joins the local stream as a player does (headers,
 * then the GOP from its last keyframe), and the old connection closes. Lives on the publisher's event loop.
 */
final class IngestForward {
    private static final System.Logger LOG = System.getLogger(IngestForward.class.getName());

    private final Vertx vertx;
    private final Context context;
    private final StreamKey key;
    private final Publication publication;
    private final NodeOptions options;
    private final NodeStats stats;
    private RtmpClient client;
    private Subscriber forward;
    private boolean moving;
    /** The name the forward publishes at an origin: the key's, with the edge's link credential. */
    private final java.util.function.Supplier<String> upstreamName;

    private IngestForward(Vertx vertx, StreamKey key, Publication publication,
                          java.util.function.Supplier<String> upstreamName, NodeOptions options, NodeStats stats) {
        this.upstreamName = upstreamName;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.key = key;
        this.publication = publication;
        this.options = options;
        this.stats = stats;
    }

    static Future<Publication> start(Vertx vertx, StreamTable table, Cluster cluster, StreamKey key,
                                     String publisherDescription, boolean takeOver,
                                     java.util.function.Supplier<String> upstreamName, NodeOptions options,
                                     NodeStats stats) {
        return cluster.nodes().nodes().compose(nodes -> {
            // The node registry can still hold a dead origin until its record expires: members only.
            var members = cluster.members();
            var origins = nodes.stream().filter(n -> n.isOrigin() && n.isReady()
                    && members.contains(n.nodeId())).toList();
            NodeRecord origin = Rendezvous.pick(key.toString(), origins, NodeRecord::nodeId).orElse(null);
            if (origin == null) {
                return Future.failedFuture("no origin available");
            }
            String address = origin.rtmpAddress();
            int colon = address.lastIndexOf(':');
            return RtmpClient.connect(vertx, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    key.app(), options.connection(), stats.traffic());
        }).compose(client -> client.publish(upstreamName.get()).transform(ar -> {
            if (ar.failed()) {
                client.close();
                // A refusal by the origin (BadName) is a refusal here too; other failures are errors.
                return "NetStream.Publish.BadName".equals(ar.cause().getMessage()) ? Future.succeededFuture()
                        : Future.failedFuture(ar.cause());
            }
            Publication publication;
            try {
                publication = table.publish(key, publisherDescription, takeOver);
            } catch (TooManyStreamsException e) {
                client.close();
                return Future.failedFuture(e);
            }
            if (publication == null) {
                client.close();
                return Future.succeededFuture();
            }
            IngestForward f = new IngestForward(vertx, key, publication, upstreamName, options, stats);
            stats.ingestForwardStarted();
            f.forwardTo(client);
            publication.whenClosed(() -> f.context.runOnContext(v -> f.end())); // the hook may run on another loop
            return Future.succeededFuture(publication);
        }));
    }

    /** Forwards the local stream over {@code to}, which publishes at an origin. */
    private void forwardTo(RtmpClient to) {
        client = to;
        forward = new Subscriber(new ClientSink(to, publication), context, options.streams().playerMaxLagMillis(),
                publication.stream().stats());
        publication.stream().subscribe(forward);
        to.closeHandler(reason -> {
            if (to == client) {
                publication.revoke("origin link closed: " + reason);
            }
        });
        to.reconnectHandler(url -> {
            if (to == client) {
                move(url);
            }
        });
    }

    private void move(RtmpUrl to) {
        if (moving) {
            return;
        }
        moving = true;
        RtmpClient.connect(vertx, to.host(), to.port(), to.appWithQuery(), options.connection(), stats.traffic())
                .compose(c -> c.publish(upstreamName.get()).map(c).onFailure(e -> c.close()))
                .onComplete(ar -> {
                    moving = false;
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.INFO, "forward of {0} stays at {1}: the move to {2} failed: {3}",
                                key, client.url().tcUrl(), to.tcUrl(), PeerText.printable(ar.cause().getMessage()));
                        return;
                    }
                    if (client == null) {
                        ar.result().close(); // the publisher left meanwhile
                        return;
                    }
                    LOG.log(System.Logger.Level.INFO, "forward of {0} moved from {1} to {2}", key,
                            client.url().tcUrl(), to.tcUrl());
                    RtmpClient old = client;
                    publication.stream().unsubscribe(forward);
                    forwardTo(ar.result());
                    old.close();
                });
    }

    private void end() {
        if (client == null) {
            return;
        }
        stats.ingestForwardEnded();
        publication.stream().unsubscribe(forward);
        RtmpClient c = client;
        client = null;
        c.close();
    }

    /** The origin connection seen as one more player of the local stream. */
    private record ClientSink(RtmpClient client, Publication publication) implements MediaSink {
        @Override
        public int messageStreamId() {
            return client.streamId();
        }

        @Override
        public boolean writeQueueFull() {
            return client.writeQueueFull();
        }

        @Override
        public void write(ByteBuf wireBytes) {
            client.sendShared(wireBytes);
        }

        @Override
        public void flush() {
            client.flush();
        }

        @Override
        public void onStreamEvent(StreamEvent event) {
            // the encoder's session ends the forward (whenClosed), not stream events
        }

        @Override
        public void disconnect(String reason) {
            publication.revoke("forward to origin too slow: " + reason);
        }
    }
}
