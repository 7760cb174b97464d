package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.netty.buffer.ByteBuf;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.media.MediaSink;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamEvent;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.Subscriber;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.server.NodeStats;

/**
 * A publish that reached an edge: it is forwarded to an origin chosen by rendezvous hashing of the stream key (so
 * a reconnecting encoder lands on the same origin), which registers it as usual. The edge keeps a local stream too,
 * so its own players are served without a round trip; the forward to the origin is one more subscriber of it,
 * written with the same shared chunk bytes.
 */
final class IngestForward {
    private IngestForward() {
    }

    static Future<Publication> start(Vertx vertx, StreamTable table, Cluster cluster, StreamKey key,
                                     String publisherDescription, NodeOptions options, NodeStats stats) {
        return cluster.nodes().nodes().compose(nodes -> {
            // The node registry can still hold a dead origin until its record expires: members only.
            var members = cluster.members();
            var origins = nodes.stream().filter(n -> n.isOrigin() && NodeRecord.READY.equals(n.state())
                    && members.contains(n.nodeId())).toList();
            NodeRecord origin = Rendezvous.pick(key.toString(), origins, NodeRecord::nodeId).orElse(null);
            if (origin == null) {
                return Future.failedFuture("no origin available");
            }
            String address = origin.rtmpAddress();
            int colon = address.lastIndexOf(':');
            return RtmpClient.connect(vertx, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    key.app(), options.connection(), stats.traffic());
        }).compose(client -> client.publish(key.name()).transform(ar -> {
            if (ar.failed()) {
                client.close();
                // A refusal by the origin (BadName) is a refusal here too; other failures are errors.
                return "NetStream.Publish.BadName".equals(ar.cause().getMessage()) ? Future.succeededFuture()
                        : Future.failedFuture(ar.cause());
            }
            Publication publication = table.publish(key, publisherDescription);
            if (publication == null) {
                client.close();
                return Future.succeededFuture();
            }
            Subscriber forward = new Subscriber(new ClientSink(client, publication), vertx.getOrCreateContext(),
                    options.streams().playerMaxLagMillis(), publication.stream().stats());
            publication.stream().subscribe(forward);
            stats.ingestForwardStarted();
            publication.whenClosed(() -> {
                stats.ingestForwardEnded();
                publication.stream().unsubscribe(forward);
                client.context().runOnContext(v -> client.close()); // the hook may run on another loop
            });
            client.closeHandler(reason -> publication.revoke("origin link closed: " + reason));
            return Future.succeededFuture(publication);
        }));
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
