package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;
import org.rtmpcluster.routing.EdgeChooser.Reason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanOutModelTest {
    /** 3 zones x 2 edges of 20 players each (120 in all), 10 streams, 3 origins. */
    private static final String[] SMALL = {"--zones", "3", "--edges-per-zone", "2", "--origins", "3",
            "--streams", "10", "--capacity-players", "20"};

    private static FanOutModel.Outcome run(String... flags) {
        List<String> all = new ArrayList<>(Arrays.asList(SMALL));
        all.addAll(Arrays.asList(flags));
        return FanOutModel.run(ModelSettings.from(new Flags(all.toArray(String[]::new))));
    }

    private static int totalPlayers(SimulatedCluster c) {
        return IntStream.range(0, c.edges()).map(c::players).sum();
    }

    @Test
    void everyPlayerIsPlacedOnAnEdge() {
        SimulatedCluster c = run("--players", "100", "--seed", "1").cluster();

        assertEquals(100, totalPlayers(c));
        assertEquals(100, c.locates());
        assertEquals(100, Arrays.stream(Reason.values()).mapToLong(c::reason).sum());
        assertEquals(0, c.reason(Reason.NO_EDGE_READY));
    }

    @Test
    void noEdgeGoesOverCapacityWhileAnotherInItsZoneIsUnder() {
        for (String players : new String[] {"100", "130"}) { // 130: more than the 120 the edges should take
            SimulatedCluster c = run("--players", players, "--seed", "3").cluster();
            for (int e = 0; e < c.edges(); e++) {
                if (c.overCapacity(e)) {
                    int zone = c.zoneOf(e);
                    for (int other = 0; other < c.edges(); other++) {
                        assertTrue(c.zoneOf(other) != zone || c.atCapacity(other), "edge " + c.nodeId(e)
                                + " has " + c.players(e) + " players while " + c.nodeId(other) + " in its zone has "
                                + c.players(other) + " (" + players + " players)");
                    }
                }
            }
            if (players.equals("100")) {
                assertEquals(0, IntStream.range(0, c.edges()).filter(c::overCapacity).count());
                assertEquals(0, c.reason(Reason.ALL_OVER_CAPACITY));
            } else {
                assertEquals(10, c.reason(Reason.ALL_OVER_CAPACITY));
            }
        }
    }

    @Test
    void upstreamsAreTheDistinctEdgeStreamPairs() {
        SimulatedCluster c = run("--players", "100", "--seed", "2").cluster();

        int pairs = 0;
        for (int e = 0; e < c.edges(); e++) {
            for (int s = 0; s < 10; s++) {
                assertEquals(c.pairPlayers(e, s) > 0, c.pulls(e, s), "edge " + e + ", stream " + s);
                pairs += c.pulls(e, s) ? 1 : 0;
            }
        }
        assertEquals(pairs, c.upstreams());
        assertEquals(pairs, c.upstreamsOpened());
        assertEquals(pairs, IntStream.range(0, 3).map(c::upstreamsOf).sum());
        assertEquals(pairs, IntStream.range(0, 10).map(c::carriersOf).sum());
    }

    @Test
    void theSameSeedGivesTheSameReport() {
        List<String> first = run("--players", "100", "--seed", "7", "--join-rate", "50", "--routing-load",
                "registry", "--churn-rate", "5", "--churn-seconds", "20").report().lines();
        List<String> again = run("--players", "100", "--seed", "7", "--join-rate", "50", "--routing-load",
                "registry", "--churn-rate", "5", "--churn-seconds", "20").report().lines();
        List<String> other = run("--players", "100", "--seed", "8", "--join-rate", "50", "--routing-load",
                "registry", "--churn-rate", "5", "--churn-seconds", "20").report().lines();

        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void churnKeepsTheAudienceAndClosesOnlyIdlePulls() {
        FanOutModel.Outcome o = run("--players", "100", "--seed", "4", "--churn-rate", "10", "--churn-seconds",
                "30", "--idle-ms", "1000");
        SimulatedCluster c = o.cluster();

        assertEquals(100, totalPlayers(c));
        assertEquals(400, c.locates()); // 100 joins, then 10 a second for 30 s
        assertTrue(c.upstreamsClosed() > 0, "some pull must have gone idle and closed");
        int pairs = 0;
        for (int e = 0; e < c.edges(); e++) {
            for (int s = 0; s < 10; s++) {
                assertTrue(c.pairPlayers(e, s) == 0 || c.pulls(e, s), "a played pair without a pull");
                pairs += c.pulls(e, s) ? 1 : 0;
            }
        }
        assertEquals(pairs, c.upstreams());
        assertEquals(c.upstreamsOpened() - c.upstreamsClosed(), c.upstreams());
    }

    @Test
    void aMisspeltOrImpossibleSettingIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> ModelSettings.from(new Flags(new String[] {
                "--player", "10"})));
        assertThrows(IllegalArgumentException.class, () -> ModelSettings.from(new Flags(new String[] {
                "--routing-load", "registry"})));
        assertThrows(IllegalArgumentException.class, () -> ModelSettings.from(new Flags(new String[] {
                "--zones", "2", "--zone-split", "0.5,0.3,0.2"})));
        assertThrows(IllegalArgumentException.class, () -> ModelSettings.from(new Flags(new String[] {
                "--zipf", "x"})));
    }

    @Test
    void aZoneSplitSendsPlayersToTheirZonesEdges() {
        SimulatedCluster c = run("--players", "100", "--seed", "5", "--zone-split", "1,0,0", "--capacity-players", "0").cluster();

        assertEquals(0, c.crossZone());
        assertEquals(100, c.players(0) + c.players(1)); // zone-1's two edges
    }
}
