package org.rtmpcluster.bench;

import org.rtmpcluster.cluster.NodeRegistry;
import org.rtmpcluster.cluster.StreamRegistry;
import org.rtmpcluster.routing.EdgeChooser.Reason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What the fan-out model found, as lines of text: where the players went, the upstream pulls and what they cost the
 * origins, the registry's entries, writes and events, what a locate costs, and the churn. Everything in it follows
 * from the settings and the seed.
 */
final class ModelReport {
    /**
     * The quiet write comes at the first look more than {@link NodeRegistry#QUIET_WRITE_MILLIS} after the last:
     * with looks on a fixed-rate 2 s timer that is 10 s or 12 s (as the two readings of the clock fall), 12 s here.
     */
    private static final long QUIET_WRITE_EVERY_MILLIS = (NodeRegistry.QUIET_WRITE_MILLIS
            / NodeRegistry.LOAD_REFRESH_MILLIS + 1) * NodeRegistry.LOAD_REFRESH_MILLIS;

    private final List<String> lines = new ArrayList<>();

    /** The cluster right after every player joined, before any churn. */
    record Placement(long placed, long[] reasons, long crossZone, int[] playersPerEdge, int atCapacity,
                     int overCapacity, int[] pullsPerEdge, int upstreams, int[] upstreamsPerZone, int watched,
                     int topStreamEdges, int medianStreamEdges, int onEveryEdge, int[] originStreams,
                     int[] originUpstreams) {

        static Placement of(SimulatedCluster c, ModelSettings s) {
            long[] reasons = Arrays.stream(Reason.values()).mapToLong(c::reason).toArray();
            int[] players = IntStream.range(0, c.edges()).map(c::players).sorted().toArray();
            int[] pulls = IntStream.range(0, c.edges()).map(c::pullsOf).sorted().toArray();
            int[] perZone = new int[s.zones()];
            for (int e = 0; e < c.edges(); e++) {
                perZone[c.zoneOf(e)] += c.pullsOf(e);
            }
            int[] watchedEdges = IntStream.range(0, s.streams()).map(c::carriersOf).filter(n -> n > 0).sorted()
                    .toArray();
            int[] originStreams = new int[s.origins()];
            for (int st = 0; st < s.streams(); st++) {
                originStreams[c.originOf(st)]++;
            }
            return new Placement(c.locates(), reasons, c.crossZone(), players,
                    (int) IntStream.range(0, c.edges()).filter(c::atCapacity).count(),
                    (int) IntStream.range(0, c.edges()).filter(c::overCapacity).count(), pulls, c.upstreams(),
                    perZone, watchedEdges.length, c.carriersOf(0), median(watchedEdges),
                    (int) Arrays.stream(watchedEdges).filter(n -> n == c.edges()).count(), originStreams,
                    IntStream.range(0, s.origins()).map(c::upstreamsOf).toArray());
        }
    }

    ModelReport(ModelSettings s, SimulatedCluster c, Placement p, FanOutModel.Phase ramp, FanOutModel.Phase churn) {
        double bps = s.streamBps();
        int nodes = c.nodes();
        line("model: %s", s.describe());
        line("routing: EdgeChooser.candidates, then choose with the carriers among them, as /api/v1/locate calls "
                + "them; it sees each edge's load %s; joins %s", s.registryLoad()
                ? "as the edge last wrote it to the registry (--routing-load registry)"
                : "as it is at that moment (--routing-load fresh)", s.joinRate() == 0 ? "all at once"
                : String.format(Locale.ROOT, "at %s/s over %.0f s", ModelSettings.trim(s.joinRate()),
                ramp.seconds()));
        StringBuilder reasons = new StringBuilder();
        for (Reason r : Reason.values()) {
            reasons.append(reasons.isEmpty() ? "" : ", ").append(r.label()).append(' ')
                    .append(count(p.reasons()[r.ordinal()])).append(" (").append(percent(p.reasons()[r.ordinal()],
                            p.placed())).append(')');
        }
        line("placed: %s of %s players: %s; outside their own zone: %s", count(p.placed()), count(s.players()),
                reasons, count(p.crossZone()));
        int[] pe = p.playersPerEdge();
        line("players per edge: min %s, median %s, max %s (mean %s); at capacity %d of %d edges, over it %d",
                count(pe[0]), count(median(pe)), count(pe[pe.length - 1]),
                count(Math.round((double) s.players() / c.edges())), p.atCapacity(), c.edges(), p.overCapacity());
        StringBuilder zones = new StringBuilder();
        for (int z = 0; z < s.zones(); z++) {
            zones.append(z == 0 ? "" : ", ").append("zone-").append(z + 1).append(' ')
                    .append(count(p.upstreamsPerZone()[z]));
        }
        int[] pulls = p.pullsPerEdge();
        line("upstream pulls (distinct edge+stream pairs): %s (%s); per edge min %s, median %s, max %s",
                count(p.upstreams()), zones, count(pulls[0]), count(median(pulls)), count(pulls[pulls.length - 1]));
        line("streams: %s of %s watched; the most popular (%s of the players) on %d edges, the median watched "
                        + "stream on %d, %d streams on every edge", count(p.watched()), count(s.streams()),
                percent(Popularity.zipf(s.streams(), s.zipf()).share(0)), p.topStreamEdges(),
                p.medianStreamEdges(), p.onEveryEdge());
        line("origins (streams placed by Rendezvous hashing of the key over the origins' ids, as an ingest through "
                + "an edge places them):");
        for (int o = 0; o < s.origins(); o++) {
            line("  %s: %s streams in (%s), %s upstreams out (%s)", c.nodeId(c.edges() + o),
                    count(p.originStreams()[o]), gbps(p.originStreams()[o] * bps), count(p.originUpstreams()[o]),
                    gbps(p.originUpstreams()[o] * bps));
        }
        double edgeOut = (double) s.players() * bps;
        line("egress: edges %s in all, at most %s from one edge; origins to edges %s (%s of the edges' egress); "
                        + "publishers to origins %s", gbps(edgeOut), gbps(pe[pe.length - 1] * bps),
                gbps(p.upstreams() * bps), percent(p.upstreams() * bps, edgeOut), gbps(s.streams() * bps));

        double refreshes = s.streams() * 1000.0 / StreamRegistry.REFRESH_MILLIS;
        int keyBytes = RecordBytes.key(c.streamKey(0));
        int streamRecordBytes = RecordBytes.streamRecord(c.streamKey(0));
        int nodeRecordBytes = RecordBytes.nodeRecord();
        long registryBytes = 2L * (s.streams() * (long) (keyBytes + streamRecordBytes)
                + nodes * (long) (RecordBytes.UUID_KEY_BYTES + nodeRecordBytes));
        line("registry entries: %s stream records + %s node records = %s (rtmp.streams, rtmp.nodes; backup count "
                        + "1, held by the origins, the data members; edges are lite members and hold none): %s with "
                        + "the backups (a stream record %d B, a node record %d B, as Hazelcast stores them)",
                count(s.streams()), count(nodes), count(s.streams() + nodes), bytes(registryBytes),
                streamRecordBytes, nodeRecordBytes);
        line("registry writes at steady state: claim refreshes %s/s (%s streams / %d s; each a read and a "
                        + "time-to-live renewal on the key's owner, the renewal again on its backup); node load "
                        + "writes %s..%s/s (%d nodes: every %d-%d s when nothing changed, every %d s while their "
                        + "players change)%s",
                rate(refreshes), count(s.streams()), StreamRegistry.REFRESH_MILLIS / 1000,
                rate(nodes * 1000.0 / QUIET_WRITE_EVERY_MILLIS), rate(nodes * 1000.0
                        / NodeRegistry.LOAD_REFRESH_MILLIS), nodes, NodeRegistry.QUIET_WRITE_MILLIS / 1000,
                QUIET_WRITE_EVERY_MILLIS / 1000,
                NodeRegistry.LOAD_REFRESH_MILLIS / 1000, simulatedWrites(s, ramp, churn));
        int eventBytes = keyBytes + streamRecordBytes; // ADDED carries the new value, REMOVED and EXPIRED the old
        line("registry events: every node (%d: origins and edges) listens to rtmp.streams, values included; a "
                        + "claim (ADDED), a release (REMOVED) or an expiry is %d events of %d B (key and record); "
                        + "a refresh renews the time-to-live without a write of the value and is none, so streams "
                        + "that last cost no events; node writes deliver none (no listener on rtmp.nodes)", nodes,
                nodes, eventBytes);
        long nodeMapBytes = (long) nodes * nodeRecordBytes;
        line("locate, per player: 1 stream lookup, the asked node's snapshot of all %d node records (%s, read "
                        + "again at most every %d ms: at most %s/s for the cluster, however many locates), and the "
                        + "figures of the candidate edges (event-bus requests; the node asked keeps their answer "
                        + "for a stream 500 ms, which the counts here leave out, so they are upper bounds): %.1f on "
                        + "average during the joins; each upstream opened: 1 more stream lookup", nodes,
                bytes(nodeMapBytes), NodeRegistry.SNAPSHOT_MILLIS,
                bytes(Math.round(nodeMapReads(Double.MAX_VALUE, nodes) * nodeMapBytes)),
                ramp.locates() == 0 ? 0.0 : (double) ramp.edgesAsked() / ramp.locates());
        if (s.joinRate() > 0) {
            line("during the joins (%s/s): upstreams opened %s/s, node writes %s/s, node records read %s/s, "
                            + "figure requests %s/s", ModelSettings.trim(s.joinRate()),
                    rate(ramp.perSecond(ramp.opened())), rate(ramp.perSecond(ramp.nodeWrites())),
                    bytes(Math.round(nodeMapReads(ramp.perSecond(ramp.locates()), nodes) * nodeMapBytes)),
                    rate(ramp.perSecond(ramp.edgesAsked())));
        }
        if (churn != null) {
            line("churn: %s players/s leave and as many join, for %.0f s (idle close %d ms): upstreams opened %s "
                            + "(%s/s), closed %s (%s/s); open %s before, %s after; node writes %s/s; stream lookups "
                            + "%s/s (locates and opened pulls); node records read %s/s; figure requests %s/s",
                    ModelSettings.trim(s.churnRate()), churn.seconds(), s.idleMillis(), count(churn.opened()),
                    rate(churn.perSecond(churn.opened())), count(churn.closed()),
                    rate(churn.perSecond(churn.closed())), count(p.upstreams()), count(c.upstreams()),
                    rate(churn.perSecond(churn.nodeWrites())),
                    rate(churn.perSecond(churn.locates() + churn.opened())),
                    bytes(Math.round(nodeMapReads(churn.perSecond(churn.locates()), nodes) * nodeMapBytes)),
                    rate(churn.perSecond(churn.edgesAsked())));
        }
    }

    /**
     * Reads of the whole node map per second for {@code locatesPerSecond} spread over the {@code nodes}: each node
     * reads once per snapshot at most ({@code NodeRegistry.recentNodes}).
     */
    private static double nodeMapReads(double locatesPerSecond, int nodes) {
        return Math.min(locatesPerSecond, nodes * 1000.0 / NodeRegistry.SNAPSHOT_MILLIS);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    private static String simulatedWrites(ModelSettings s, FanOutModel.Phase ramp, FanOutModel.Phase churn) {
        if (!s.timed()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (s.joinRate() > 0) {
            parts.add("during the joins " + rate(ramp.perSecond(ramp.nodeWrites())) + "/s");
        }
        if (churn != null) {
            parts.add("during churn " + rate(churn.perSecond(churn.nodeWrites())) + "/s");
        }
        return "; simulated: " + String.join(", ", parts);
    }

    private void line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
    }

    /** Nearest-rank median (the lower of the two middle values). */
    static int median(int[] sorted) {
        return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : perSecond >= 10 ? "%.1f" : "%.2f",
                perSecond);
    }

    private static String percent(double part, double whole) {
        return whole == 0 ? "0%" : percent(part / whole);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String bytes(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }

    private static String gbps(double bitsPerSecond) {
        return String.format(Locale.ROOT, "%.2f Gbit/s", bitsPerSecond / 1e9);
    }
}
