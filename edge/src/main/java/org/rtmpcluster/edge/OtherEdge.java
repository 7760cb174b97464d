package org.rtmpcluster.edge;

import io.vertx.core.Future;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.routing.EdgeChooser;
import org.rtmpcluster.routing.RecentAssignments;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where this edge sends clients it should not keep (a redirect, a rebalance): the least loaded other ready edge
 * under capacity, its zone first, then as {@code ZONE_ORDER} says; none when every other edge is full. The loads
 * count the clients it sent that the registry does not show yet, so that a burst of redirects spreads.
 */
final class OtherEdge {
    private final Node node;
    private final EdgeChooser chooser;
    private final RecentAssignments recentlySent = new RecentAssignments();

    OtherEdge(Node node) {
        this.node = node;
        this.chooser = new EdgeChooser(node.options().routing().zoneOrder());
    }

    /** The edge, from the registry's view of the members; empty when there is none or the registry cannot say. */
    Future<Optional<NodeRecord>> find() {
        var members = node.cluster().members();
        return node.cluster().nodes().recentNodes().map(all -> {
            List<NodeRecord> others = all.stream()
                    .filter(n -> !n.nodeId().equals(node.id()) && members.contains(n.nodeId())).toList();
            long now = System.nanoTime() / 1_000_000;
            Optional<NodeRecord> chosen = chooser.choose(node.options().zone(), recentlySent.adjust(others, now),
                            Set.of(), null)
                    .filter(choice -> choice.reason() == EdgeChooser.Reason.LEAST_LOADED)
                    .flatMap(choice -> others.stream().filter(n -> n.nodeId().equals(choice.node().nodeId()))
                            .findFirst());
            chosen.ifPresent(n -> recentlySent.sent(n, now));
            return chosen;
        }).otherwise(Optional.empty());
    }
}
