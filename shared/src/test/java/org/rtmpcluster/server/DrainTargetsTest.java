package org.rtmpcluster.server;

import org.junit.jupiter.api.Test;

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

    @Test
    void readyMembersOfTheRoleOtherThanTheDrainingNode() {
        var load = org.rtmpcluster.cluster.NodeLoad.NONE;
        List<org.rtmpcluster.cluster.NodeRecord> nodes = List.of(
                new org.rtmpcluster.cluster.NodeRecord("self", "edge", "eu", "draining", "self:1", "", 0, load),
                new org.rtmpcluster.cluster.NodeRecord("b", "edge", "eu", "ready", "b:1", "", 0, load),
                new org.rtmpcluster.cluster.NodeRecord("a", "edge", "us", "ready", "a:1", "", 0, load),
                new org.rtmpcluster.cluster.NodeRecord("c", "edge", "eu", "draining", "c:1", "", 0, load),
                new org.rtmpcluster.cluster.NodeRecord("d", "edge", "eu", "ready", "d:1", "", 0, load),
                new org.rtmpcluster.cluster.NodeRecord("o", "origin", "eu", "ready", "o:1", "", 0, load));
        DrainTargets targets = DrainTargets.among(nodes, java.util.Set.of("self", "a", "b", "c", "o"), "self", "edge",
                "eu");
        assertEquals(List.of("b:1"), targets.sameZone(), "d is not a member (its record outlived it)");
        assertEquals(List.of("a:1"), targets.others());
    }
}
