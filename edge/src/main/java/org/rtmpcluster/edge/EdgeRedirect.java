package org.rtmpcluster.edge;

import io.vertx.core.Future;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.ConnectRedirect;

/**
 * {@code EDGE_REDIRECT=on}: an edge at its capacity ({@code EDGE_CAPACITY_PLAYERS}, {@code EDGE_CAPACITY_BPS}) or
 * draining sends a connecting client to the least loaded other ready edge of its zone (then other zones, as
 * {@code /api/v1/locate} orders them), and serves the client itself when every other edge is full too.
 */
final class EdgeRedirect implements ConnectRedirect {
    private final Node node;
    private final OtherEdge otherEdge;

    EdgeRedirect(Node node) {
        this.node = node;
        this.otherEdge = new OtherEdge(node);
    }

    @Override
    public Future<String> target(String app, String query) {
        if (!node.options().edge().redirect()
                || !(node.readiness().isDraining() || node.currentLoad().overCapacity())) {
            return Future.succeededFuture(null);
        }
        return otherEdge.find().map(edge -> edge.map(e -> "rtmp://" + e.clientAddress() + "/" + app).orElse(null));
    }
}
