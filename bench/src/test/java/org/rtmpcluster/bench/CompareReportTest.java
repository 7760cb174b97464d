package org.rtmpcluster.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The side-by-side report's figures that span runs. */
class CompareReportTest {

    private static JsonObject run(String server, int streams, int players, long baselineKb, long loadedKb) {
        return new JsonObject().put("label", String.valueOf(players)).put("server", server).put("streams", streams)
                .put("playersPerStream", players / streams).put("players", players).put("playersConnected", players)
                .put("rssBaselineKb", baselineKb).put("rssLoadedKb", loadedKb)
                .put("rssPerPlayerKb", (double) (loadedKb - baselineKb) / players).put("timestampsExact", 0L)
                .put("timestampsShifted", 0L).put("framesUnknown", 0L).put("joinFailures", 0);
    }

    @Test
    void anAddedPlayersRssIsTheGrowthBetweenTheSmallestAndTheLargestOneStreamRunOfAServer() {
        CompareReport report = new CompareReport(List.of(
                // Ours: 17,500 kB grow once under load, then 16 kB a player.
                run("origin", 1, 300, 100_000, 100_000 + 17_500 + 300 * 16),
                run("origin", 1, 1000, 100_000, 100_000 + 17_500 + 1000 * 16),
                run("origin", 50, 500, 100_000, 300_000), // several streams: not part of the slope
                run("nginx", 1, 300, 5_000, 5_000 + 300 * 16),
                run("nginx", 1, 1000, 5_000, 5_000 + 1000 * 16)),
                new JsonObject().put("summary", "test"), "abc", "clean", "test");
        List<JsonObject> slopes = report.rssPerAddedPlayer();
        assertEquals(2, slopes.size());
        JsonObject ours = slopes.stream().filter(s -> s.getString("server").equals("origin")).findFirst().orElseThrow();
        assertEquals(16.0, ours.getDouble("kbPerAddedPlayer"), "the once-only growth is left out");
        assertEquals(300, ours.getInteger("fromPlayers"));
        assertEquals(1000, ours.getInteger("toPlayers"));
        String table = report.table();
        assertTrue(table.contains("rss per added player, origin, 300 -> 1000 players: 16.0 kB (1.00 x nginx)"), table);
    }
}
