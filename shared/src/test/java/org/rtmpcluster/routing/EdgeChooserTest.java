package org.rtmpcluster.routing;

import org.junit.jupiter.api.Test;
import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdgeChooserTest {
    private static final EdgeChooser CHOOSER = new EdgeChooser(List.of("us", "eu"));

    private static NodeRecord edge(String id, String zone, int players, int capacity) {
        return node(id, "edge", zone, NodeRecord.READY, players, capacity);
    }

    private static NodeRecord node(String id, String role, String zone, String state, int players, int capacity) {
        return new NodeRecord(id, role, zone, state, id + ":1935", id + ":1935", id + ":8080", 0,
                new NodeLoad(players, 0, capacity, 0));
    }

    private static String chosen(Optional<EdgeChooser.Choice> choice) {
        return choice.map(c -> c.node().nodeId() + " " + c.reason().label()).orElse("none");
    }

    @Test
    void theClientsZoneFirstThenTheOneCarryingTheStreamThenTheLeastLoaded() {
        List<NodeRecord> nodes = List.of(edge("eu1", "eu", 5, 10), edge("eu2", "eu", 1, 10), edge("us1", "us", 0, 10));
        assertEquals("eu2 least-loaded", chosen(CHOOSER.choose("eu", nodes, Set.of(), null)));
        assertEquals("eu1 carries-stream", chosen(CHOOSER.choose("eu", nodes, Set.of("eu1", "us1"), null)),
                "a carrier under capacity needs no new upstream");
        assertEquals("us1 least-loaded", chosen(CHOOSER.choose("us", nodes, Set.of("eu1"), null)));
    }

    @Test
    void edgesAtCapacityAreLeftOutAndOtherZonesComeInTheConfiguredOrder() {
        List<NodeRecord> nodes = List.of(edge("eu1", "eu", 10, 10), edge("ap1", "ap", 0, 10), edge("us1", "us", 3, 10));
        assertEquals("us1 least-loaded", chosen(CHOOSER.choose("eu", nodes, Set.of("eu1"), null)),
                "eu1 is full even though it carries the stream; us comes before ap in ZONE_ORDER");
        assertEquals("ap1 least-loaded", chosen(CHOOSER.choose("ap", nodes, Set.of(), null)));
        assertEquals("us1 least-loaded", chosen(CHOOSER.choose("mars", nodes, Set.of(), null)),
                "an unknown zone goes by the order too");
        assertEquals(List.of("us1"), CHOOSER.candidates("eu", nodes).stream().map(NodeRecord::nodeId).toList());
    }

    @Test
    void whenEveryEdgeIsFullTheLeastLoadedTakesItAndAnOriginOnlyWhenNoEdgeIsReady() {
        List<NodeRecord> full = List.of(edge("eu1", "eu", 12, 10), edge("eu2", "eu", 11, 10));
        assertEquals("eu2 all-over-capacity", chosen(CHOOSER.choose("eu", full, Set.of(), null)));
        assertTrue(CHOOSER.candidates("eu", full).isEmpty());
        NodeRecord origin = node("o1", "origin", "eu", NodeRecord.READY, 0, 0);
        List<NodeRecord> draining = List.of(node("eu1", "edge", "eu", NodeRecord.DRAINING, 0, 10), origin);
        assertEquals("o1 no-edge-ready", chosen(CHOOSER.choose("eu", draining, Set.of("eu1"), origin)),
                "a draining edge is never chosen");
        assertEquals("none", chosen(CHOOSER.choose("eu", draining, Set.of(), null)));
    }

    @Test
    void withoutCapacitiesEdgesCompareByPlayers() {
        List<NodeRecord> nodes = List.of(edge("a", "eu", 7, 0), edge("b", "eu", 2, 0));
        assertEquals("b least-loaded", chosen(CHOOSER.choose("eu", nodes, Set.of(), null)));
    }
}
