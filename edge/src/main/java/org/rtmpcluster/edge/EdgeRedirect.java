package org.rtmpcluster.edge;

import io.vertx.core.Future;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.routing.EdgeChooser;
import org.rtmpcluster.server.ConnectRedirect;

import java.util.List;

/**
 * {@code EDGE_REDIRECT=on}: an edge at its capacity ({@code EDGE_CAPACITY_PLAYERS}, {@code EDGE_CAPACITY_BPS}) or
 * draining sends a connecting client to the least loaded other ready edge of its zone (then other zones, as
 * {@code /api/v1/locate} orders them), and serves the client itself when every other edge is full too.
 */
final class EdgeRedirect implements ConnectRedirect {
    private final Node node;
    private final EdgeChooser chooser;

    EdgeRedirect(Node node) {
        this.node = node;
        this.chooser = new EdgeChooser(node.options().routing().zoneOrder());
    }

    @Override
    public Future<String> target(String app, String query) {
        if (!node.options().edge().redirect()
                || !(node.readiness().isDraining() || node.currentLoad().overCapacity())) {
            return Future.succeededFuture(null);
        }
        var members = node.cluster().members();
        return node.cluster().nodes().nodes().map(all -> {
            List<NodeRecord> others = all.stream()
                    .filter(n -> !n.nodeId().equals(node.id()) && members.contains(n.nodeId())).toList();
            return chooser.choose(node.options().zone(), others, java.util.Set.of(), null)
                    .filter(choice -> choice.reason() != EdgeChooser.Reason.ALL_OVER_CAPACITY
                            && !choice.node().isOrigin())
                    .map(choice -> "rtmp://" + choice.node().rtmpAddress() + "/" + app)
                    .orElse(null);
        }).otherwise((String) null);
    }
}
