package org.rtmpcluster.edge;

import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.DrainTargets;

import java.util.List;

/**
 * {@code EDGE_REBALANCE=on}: every few seconds, an edge beyond its capacity asks players that announced Enhanced
 * RTMP's reconnect capability, as many as it has beyond its capacity, to move to the edge routing would choose
 * now (its zone first, never a full or draining one). Each player is asked once; players that cannot reconnect
 * stay. Nothing happens while the edge is under capacity or drains (the drain asks everyone itself).
 */
final class EdgeRebalance {
    static final long INTERVAL_MILLIS = 3000;
    private static final System.Logger LOG = System.getLogger(EdgeRebalance.class.getName());

    private final Node node;
    private final OtherEdge otherEdge;

    private EdgeRebalance(Node node) {
        this.node = node;
        this.otherEdge = new OtherEdge(node);
    }

    /** Starts rebalancing on {@code node} when its options ask for it. */
    static void startOn(Node node) {
        if (node.options().edge().rebalance() && node.cluster() != null) {
            EdgeRebalance rebalance = new EdgeRebalance(node);
            node.vertx().setPeriodic(INTERVAL_MILLIS, id -> rebalance.check());
        }
    }

    private void check() {
        NodeLoad load = node.currentLoad();
        if (!load.beyondCapacity() || node.readiness().isDraining()) {
            return;
        }
        int excess = load.capacityPlayers() > 0 && load.players() > load.capacityPlayers()
                ? load.players() - load.capacityPlayers() : 1;
        otherEdge.find().onSuccess(found -> found.ifPresent(edge -> node.listeners()
                .rebalance(new DrainTargets(List.of(edge.clientAddress()), List.of()), excess)
                .onSuccess(asked -> {
                    if (asked > 0) {
                        LOG.log(System.Logger.Level.INFO, "over capacity ({0} players): asked {1} to move to {2}",
                                load.players(), asked, edge.clientAddress());
                    }
                })));
    }
}
