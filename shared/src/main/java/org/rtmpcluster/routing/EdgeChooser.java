package org.rtmpcluster.routing;

import org.rtmpcluster.cluster.NodeRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which edge a player should use, from the registry's view of the nodes: a ready edge in the player's zone; among
 * them one that already carries the stream while it is under capacity (no new upstream), else the least loaded
 * under capacity; the other zones in the configured order when the zone has none; the least loaded edge anywhere
 * when all are over capacity; and an origin only when no edge is ready. Draining nodes are never chosen. Pure: the
 * caller gathers the nodes and which of them carry the stream.
 */
public final class EdgeChooser {
    /** Why this node: the API's {@code reason}. */
    public enum Reason {
        CARRIES_STREAM("carries-stream"), LEAST_LOADED("least-loaded"), ALL_OVER_CAPACITY("all-over-capacity"),
        NO_EDGE_READY("no-edge-ready");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The chosen node and why. */
    public record Choice(NodeRecord node, Reason reason) {
    }

    private final List<String> zoneOrder;

    public EdgeChooser(List<String> zoneOrder) {
        this.zoneOrder = List.copyOf(zoneOrder);
    }

    /**
     * @param clientZone the player's zone
     * @param nodes      the nodes of the cluster (members only)
     * @param carriers   ids of the nodes that carry the stream now (empty when no stream is named)
     * @param origin     the origin holding the stream, for when no edge is ready; null when there is none
     */
    public Optional<Choice> choose(String clientZone, List<NodeRecord> nodes, Set<String> carriers,
                                   NodeRecord origin) {
        List<NodeRecord> edges = nodes.stream().filter(n -> !n.isOrigin() && n.isReady()).toList();
        if (edges.isEmpty()) {
            return Optional.ofNullable(origin).filter(NodeRecord::isReady)
                    .map(o -> new Choice(o, Reason.NO_EDGE_READY));
        }
        Comparator<NodeRecord> leastLoaded = Comparator.comparingDouble((NodeRecord n) -> n.load().utilisation())
                .thenComparing(NodeRecord::nodeId);
        for (String zone : zones(clientZone, edges)) {
            List<NodeRecord> inZone = edges.stream().filter(n -> n.zone().equals(zone))
                    .filter(n -> !n.load().overCapacity()).toList();
            Optional<NodeRecord> carrying = inZone.stream().filter(n -> carriers.contains(n.nodeId()))
                    .min(leastLoaded);
            if (carrying.isPresent()) {
                return Optional.of(new Choice(carrying.get(), Reason.CARRIES_STREAM));
            }
            Optional<NodeRecord> any = inZone.stream().min(leastLoaded);
            if (any.isPresent()) {
                return Optional.of(new Choice(any.get(), Reason.LEAST_LOADED));
            }
        }
        return edges.stream().min(leastLoaded).map(n -> new Choice(n, Reason.ALL_OVER_CAPACITY));
    }

    /**
     * The edges {@link #choose} picks among: the ready ones under capacity in the first zone (in the client's
     * order) that has any. Only these need asking whether they carry the stream. Empty when none is under capacity.
     */
    public List<NodeRecord> candidates(String clientZone, List<NodeRecord> nodes) {
        List<NodeRecord> edges = nodes.stream().filter(n -> !n.isOrigin() && n.isReady()).toList();
        for (String zone : zones(clientZone, edges)) {
            List<NodeRecord> inZone = edges.stream().filter(n -> n.zone().equals(zone))
                    .filter(n -> !n.load().overCapacity()).toList();
            if (!inZone.isEmpty()) {
                return inZone;
            }
        }
        return List.of();
    }

    /** The client's zone, then the configured order, then the other zones with ready edges, by name. */
    private List<String> zones(String clientZone, List<NodeRecord> edges) {
        Set<String> order = new LinkedHashSet<>();
        order.add(clientZone);
        order.addAll(zoneOrder);
        // Distinct before sorted: a large cluster has many edges but few zones (the fan-out model calls this a
        // million times, and locate twice per request).
        order.addAll(edges.stream().map(NodeRecord::zone).collect(Collectors.toCollection(TreeSet::new)));
        return new ArrayList<>(order);
    }
}
