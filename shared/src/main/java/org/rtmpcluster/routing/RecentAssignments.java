package org.rtmpcluster.routing;

import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.NodeRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The players this node sent to each edge that the edge's registered load cannot show yet. Routing reads loads up to
 * {@link NodeRegistry#LOAD_REFRESH_MILLIS} old, so a crowd arriving within one refresh would all go to the edge that
 * looked least loaded when it began (the fan-out model: 89 of 150 edges over capacity at 5,000 joins/s). Routing
 * adds these players to what the registry says, and forgets them once the edge writes another load (they arrived,
 * or its load moved anyway) or after {@link #HOLD_MILLIS}. Times are passed in, so the model can run it on its clock.
 */
public final class RecentAssignments {
    /** Longer than an edge takes to write a changed load (a refresh, and the write), shorter than a quiet write. */
    static final long HOLD_MILLIS = 2 * NodeRegistry.LOAD_REFRESH_MILLIS + 1000;

    /** Players sent to an edge while its registered load was {@code seen}, the first of them at {@code sinceMillis}. */
    private record Sent(NodeLoad seen, int players, long sinceMillis) {
    }

    private final Map<String, Sent> sent = new HashMap<>();

    /** {@code registered} with the players sent to each node since its load was written added to its load. */
    public synchronized List<NodeRecord> adjust(List<NodeRecord> registered, long nowMillis) {
        Set<String> ids = registered.stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        sent.keySet().retainAll(ids); // nodes that left
        List<NodeRecord> adjusted = new ArrayList<>(registered.size());
        for (NodeRecord n : registered) {
            Sent s = current(n, nowMillis);
            adjusted.add(s == null ? n : n.withLoad(withMorePlayers(n.load(), s.players)));
        }
        return adjusted;
    }

    /** A player was sent to {@code to}, as the registry has it (not as {@link #adjust} made it). */
    public synchronized void sent(NodeRecord to, long nowMillis) {
        Sent s = current(to, nowMillis);
        sent.put(to.nodeId(), s == null ? new Sent(to.load(), 1, nowMillis)
                : new Sent(s.seen, s.players + 1, s.sinceMillis));
    }

    private Sent current(NodeRecord n, long nowMillis) {
        Sent s = sent.get(n.nodeId());
        if (s != null && (!s.seen.equals(n.load()) || nowMillis - s.sinceMillis > HOLD_MILLIS)) {
            sent.remove(n.nodeId());
            return null;
        }
        return s;
    }

    /** {@code more} players, each with the egress an average player of the node has. */
    private static NodeLoad withMorePlayers(NodeLoad load, int more) {
        long perPlayerBps = load.players() > 0 ? load.egressBps() / load.players() : 0;
        return new NodeLoad(load.players() + more, load.egressBps() + more * perPlayerBps, load.capacityPlayers(),
                load.capacityBps());
    }
}
