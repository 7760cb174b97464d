package org.rtmpcluster.routing;

import org.junit.jupiter.api.Test;
import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Players sent that the registry's loads cannot show yet. */
class RecentAssignmentsTest {

    private static NodeRecord edge(String id, int players) {
        return new NodeRecord(id, "edge", "eu", NodeRecord.READY, id + ":1935", id + ":1935", id + ":8080", 0,
                new NodeLoad(players, players * 1_000_000L, 10, 0));
    }

    private static NodeLoad loadOf(List<NodeRecord> nodes, String id) {
        return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow().load();
    }

    @Test
    void playersSentCountUntilTheEdgeWritesAnotherLoad() {
        RecentAssignments recent = new RecentAssignments();
        NodeRecord a = edge("a", 2);
        recent.sent(a, 1000);
        recent.sent(a, 1100);
        NodeLoad seen = loadOf(recent.adjust(List.of(a, edge("b", 0)), 1200), "a");
        assertEquals(4, seen.players(), "2 registered + 2 sent");
        assertEquals(4_000_000L, seen.egressBps(), "each sent player at the edge's average egress");
        assertEquals(0, loadOf(recent.adjust(List.of(a, edge("b", 0)), 1200), "b").players());
        assertEquals(4, loadOf(recent.adjust(List.of(edge("a", 4)), 1300), "a").players(),
                "the edge wrote a load with them: they are not counted twice");
    }

    @Test
    void playersSentAreForgottenAfterTheHoldWhenTheEdgeNeverWroteThem() {
        RecentAssignments recent = new RecentAssignments();
        NodeRecord a = edge("a", 2);
        recent.sent(a, 1000);
        assertEquals(3, loadOf(recent.adjust(List.of(a), 1000 + RecentAssignments.HOLD_MILLIS), "a").players());
        assertEquals(2, loadOf(recent.adjust(List.of(a), 1001 + RecentAssignments.HOLD_MILLIS), "a").players(),
                "players that never arrived (they failed or left) stop counting");
    }

    @Test
    void aCrowdArrivingWithinOneRefreshIsSpreadOverTheEdgesThatLookedAlike() {
        RecentAssignments recent = new RecentAssignments();
        EdgeChooser chooser = new EdgeChooser(List.of());
        List<NodeRecord> registered = List.of(edge("a", 0), edge("b", 0), edge("c", 0));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            NodeRecord to = chooser.choose("eu", recent.adjust(registered, 1000), Set.of(), null).orElseThrow().node();
            recent.sent(registered.stream().filter(n -> n.nodeId().equals(to.nodeId())).findFirst().orElseThrow(),
                    1000);
            chosen.add(to.nodeId());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), chosen, "without it: six times a");
    }
}
