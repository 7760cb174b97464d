package org.rtmpcluster.bench;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One sample of a churn soak: both nodes' figures, the edge's upstream connections to the origin by stream key,
 * the soak's players on the edge by key, the registry, and the problems found at this moment.
 *
 * @param seconds         since the load started
 * @param origin          the origin's figures
 * @param edge            the edge's figures
 * @param upstreams       the edge's connections to the origin's RTMP port, by the key the origin says each plays
 * @param unmapped        connections the origin has not (yet) logged a play for
 * @param players         the soak's players on the edge now, by key
 * @param publishing      publishers publishing now
 * @param registryEntries entries of the stream registry, live or not
 * @param registryLive    live records among them
 * @param mediaKbps       media payload the players received since the previous sample, kbit/s
 * @param problems        what this sample found wrong (an upstream with no player, two upstreams for a key, ...)
 */
record SoakSample(double seconds, Node origin, Node edge, Map<String, Integer> upstreams, int unmapped,
                  Map<String, Integer> players, int publishing, int registryEntries, int registryLive,
                  double mediaKbps, List<String> problems) {

    /**
     * One node's figures: resident memory, heap in use after a full collection, live threads, and open files
     * beyond the connections the soak accounts for (its players and publishers, the upstreams), so a socket left
     * open shows up as growth.
     */
    record Node(long rssKb, long heapAfterGcBytes, int threads, int spareFiles) {
        JsonObject toJson() {
            return new JsonObject().put("rssKb", rssKb).put("heapAfterGcBytes", heapAfterGcBytes)
                    .put("threads", threads).put("spareFiles", spareFiles);
        }
    }

    int upstreamTotal() {
        return upstreams.values().stream().mapToInt(Integer::intValue).sum() + unmapped;
    }

    int playerTotal() {
        return players.values().stream().mapToInt(Integer::intValue).sum();
    }

    JsonObject toJson() {
        return new JsonObject().put("seconds", seconds).put("origin", origin.toJson()).put("edge", edge.toJson())
                .put("upstreams", counts(upstreams)).put("unmapped", unmapped)
                .put("players", counts(players)).put("publishing", publishing)
                .put("registryEntries", registryEntries).put("registryLive", registryLive)
                .put("mediaKbps", Math.round(mediaKbps)).put("problems", List.copyOf(problems));
    }

    private static JsonObject counts(Map<String, Integer> byKey) {
        JsonObject json = new JsonObject();
        byKey.forEach(json::put);
        return json;
    }

    /** The one line a sample prints. */
    String line() {
        return String.format(Locale.ROOT, "%6.0fs  rss o %4d e %4d MB  heap o %5.1f e %5.1f MB  threads %d/%d  "
                        + "upstreams %d on %d keys  players %d on %d keys  publishing %d  registry %d (%d live)  "
                        + "media %.1f Mbit/s%s", seconds, origin.rssKb / 1024, edge.rssKb / 1024,
                origin.heapAfterGcBytes / 1048576.0, edge.heapAfterGcBytes / 1048576.0, origin.threads,
                edge.threads, upstreamTotal(), upstreams.size(), playerTotal(), players.size(), publishing,
                registryEntries, registryLive, mediaKbps / 1000, problems.isEmpty() ? "" : "  ! "
                        + String.join("; ", problems));
    }
}
