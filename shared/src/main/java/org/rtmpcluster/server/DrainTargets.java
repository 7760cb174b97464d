package org.rtmpcluster.server;

import org.rtmpcluster.cluster.NodeRecord;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Where a draining node sends the clients that can move (Enhanced RTMP's reconnect request): the client addresses
 * ({@code host:port}, {@code CLIENT_ADDRESS}) of the other ready nodes of its role, those in its zone first.
 *
 * @param sameZone ready nodes of the role in the draining node's zone
 * @param others   ready nodes of the role in other zones, for when the zone has none
 */
public record DrainTargets(List<String> sameZone, List<String> others) {
    public static final DrainTargets NONE = new DrainTargets(List.of(), List.of());

    public DrainTargets {
        sameZone = List.copyOf(sameZone);
        others = List.copyOf(others);
    }

    /**
     * The ready members of {@code role} other than {@code self}, those of {@code zone} first, each list by node id
     * (so every connection of a stream maps to the same node).
     */
    public static DrainTargets among(Collection<NodeRecord> nodes, Set<String> members, String self, String role,
                                     String zone) {
        List<NodeRecord> peers = nodes.stream()
                .filter(n -> n.role().equals(role) && n.isReady() && !n.nodeId().equals(self)
                        && members.contains(n.nodeId()))
                .sorted(Comparator.comparing(NodeRecord::nodeId)).toList();
        return new DrainTargets(
                peers.stream().filter(n -> n.zone().equals(zone)).map(NodeRecord::clientAddress).toList(),
                peers.stream().filter(n -> !n.zone().equals(zone)).map(NodeRecord::clientAddress).toList());
    }

    /**
     * The tcUrl a client of {@code app} should move to, or null when there is no node to go to. {@code spreadKey}
     * (the stream a connection carries, else its address) picks one of several nodes, so that the clients of one
     * stream move together and different streams spread.
     */
    public String tcUrl(String app, String query, String spreadKey) {
        List<String> candidates = sameZone.isEmpty() ? others : sameZone;
        if (candidates.isEmpty()) {
            return null;
        }
        String address = candidates.get(Math.floorMod(spreadKey.hashCode(), candidates.size()));
        return "rtmp://" + address + "/" + app + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
