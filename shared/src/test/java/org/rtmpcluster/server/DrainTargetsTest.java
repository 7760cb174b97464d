package org.rtmpcluster.server;

import org.junit.jupiter.api.Test;
import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainTargetsTest {
    @Test
    void theZoneComesFirstAndOneStreamsClientsGoTogether() {
        DrainTargets targets = new DrainTargets(List.of("a:1935", "b:1935"), List.of("far:1935"));
        String first = targets.tcUrl("live", "", "live/cam1");
        assertTrue(first.equals("rtmp://a:1935/live") || first.equals("rtmp://b:1935/live"), first);
        assertEquals(first, targets.tcUrl("live", "", "live/cam1"), "the same stream, the same node");
        assertEquals("rtmp://far:1935/live?token=x",
                new DrainTargets(List.of(), List.of("far:1935")).tcUrl("live", "token=x", "live/cam1"),
                "another zone when the zone has none; the connect's query kept");
        assertNull(DrainTargets.NONE.tcUrl("live", "", "live/cam1"), "nowhere to go");
    }

    private static NodeRecord node(String id, String role, String zone, String state) {
        return new NodeRecord(id, role, zone, state, id + ":1935", id + ".example.net:31935", id + ":8080", 0,
                NodeLoad.NONE);
    }

    @Test
    void readyMembersOfTheRoleOtherThanTheDrainingNodeAtTheAddressesTheirClientsDial() {
        List<NodeRecord> nodes = List.of(node("self", "edge", "eu", "draining"), node("b", "edge", "eu", "ready"),
                node("a", "edge", "us", "ready"), node("c", "edge", "eu", "draining"), node("d", "edge", "eu", "ready"),
                node("o", "origin", "eu", "ready"));
        DrainTargets targets = DrainTargets.among(nodes, java.util.Set.of("self", "a", "b", "c", "o"), "self", "edge",
                "eu");
        assertEquals(List.of("b.example.net:31935"), targets.sameZone(), "d is not a member (its record outlived it)");
        assertEquals(List.of("a.example.net:31935"), targets.others());
    }
}
