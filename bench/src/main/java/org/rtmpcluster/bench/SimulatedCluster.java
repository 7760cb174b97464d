package org.rtmpcluster.bench;

import org.rtmpcluster.cluster.NodeLoad;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.NodeRegistry;
import org.rtmpcluster.routing.EdgeChooser;
import org.rtmpcluster.routing.RecentAssignments;
import org.rtmpcluster.routing.Rendezvous;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The cluster the fan-out model routes players into, with no sockets: the edges' and origins' {@link NodeRecord}s as
 * the registry holds them, each edge's players and upstream pulls, and the streams' origins. A join asks the real
 * {@link EdgeChooser} exactly as {@code /api/v1/locate} does ({@code candidates}, the carriers among them,
 * {@code choose}); a pull lives as {@code PullTable} keeps it (opened by the first player of a stream on an edge,
 * closed {@code EDGE_UPSTREAM_IDLE_MS} after its last left, reused by a player who comes back before that); a
 * node's record is rewritten as {@link NodeRegistry} rewrites it. Streams go to origins by {@link Rendezvous}
 * hashing of the key, as an ingest through an edge picks its origin.
 */
final class SimulatedCluster {
    private static final String APP = "live";

    private final ModelSettings settings;
    private final EdgeChooser chooser;
    private final RecentAssignments recentlySent = new RecentAssignments();
    private final List<String> zoneNames = new ArrayList<>();
    private final String[] streamKeys;
    /** What routing reads: the edges (indexes 0..edges-1), then the origins. */
    private final List<NodeRecord> view = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    private final int edges;
    private final int[] edgeZone;
    private final int[] edgePlayers;
    private final int[] streamOrigin;
    private final int[] originUpstreams;
    /** Players of each (edge, stream) pair, and whether the edge has a pull of the stream (open or idle). */
    private final int[][] pairPlayers;
    private final boolean[][] pulled;
    /** Changes each time a pair's last player leaves or a player rejoins it: an idle close checks it is still due. */
    private final int[][] idleTurn;
    private final List<Set<String>> carriers = new ArrayList<>();
    /** The load each node last wrote (what routing sees with {@code --routing-load registry}), and when. */
    private final NodeLoad[] written;
    private final long[] lastWriteMicros;

    private final Map<EdgeChooser.Reason, Long> reasons = new EnumMap<>(EdgeChooser.Reason.class);
    private long crossZone;
    private long locates;
    private long edgesAsked;
    private long upstreamsOpened;
    private long upstreamsClosed;
    private long nodeWrites;
    private int upstreams;

    SimulatedCluster(ModelSettings settings) {
        this.settings = settings;
        this.edges = settings.edges();
        int width = String.valueOf(Math.max(settings.edgesPerZone(), settings.origins())).length();
        for (int z = 1; z <= settings.zones(); z++) {
            zoneNames.add("zone-" + z);
        }
        this.chooser = new EdgeChooser(settings.zoneOrder().stream().map(z -> zoneNames.get(z - 1)).toList());
        this.edgeZone = new int[edges];
        for (int z = 0; z < settings.zones(); z++) {
            for (int i = 0; i < settings.edgesPerZone(); i++) {
                int e = z * settings.edgesPerZone() + i;
                edgeZone[e] = z;
                String host = "10." + (z + 1) + ".0." + (i + 1);
                add(new NodeRecord(String.format("%s-edge-%0" + width + "d", zoneNames.get(z), i + 1), "edge",
                        zoneNames.get(z), NodeRecord.READY, host + ":1935", host + ":1935", host + ":8080", 0,
                        edgeLoad(0)));
            }
        }
        List<NodeRecord> origins = new ArrayList<>();
        for (int o = 0; o < settings.origins(); o++) {
            String zone = zoneNames.get(o % settings.zones());
            String host = "10.0.0." + (o + 1);
            NodeRecord origin = new NodeRecord(String.format("origin-%0" + width + "d", o + 1), "origin", zone,
                    NodeRecord.READY, host + ":1935", host + ":1935", host + ":8080", 0, NodeLoad.NONE);
            origins.add(origin);
            add(origin);
        }
        int digits = String.valueOf(settings.streams()).length();
        this.streamKeys = new String[settings.streams()];
        this.streamOrigin = new int[settings.streams()];
        for (int s = 0; s < settings.streams(); s++) {
            streamKeys[s] = String.format("%s/stream-%0" + digits + "d", APP, s + 1);
            NodeRecord origin = Rendezvous.pick(streamKeys[s], origins, NodeRecord::nodeId).orElseThrow();
            streamOrigin[s] = indexById.get(origin.nodeId()) - edges;
            carriers.add(new HashSet<>());
        }
        this.edgePlayers = new int[edges];
        this.originUpstreams = new int[settings.origins()];
        this.pairPlayers = new int[edges][settings.streams()];
        this.pulled = new boolean[edges][settings.streams()];
        this.idleTurn = new int[edges][settings.streams()];
        this.written = view.stream().map(NodeRecord::load).toArray(NodeLoad[]::new);
        this.lastWriteMicros = new long[view.size()];
    }

    private void add(NodeRecord node) {
        indexById.put(node.nodeId(), view.size());
        view.add(node);
    }

    /**
     * A player of {@code stream} in zone {@code zone} asks where to play, and plays there; the edge's index. The
     * carriers are asked only of the candidates, as {@code Locate} asks only them (over the event bus).
     */
    int join(int zone, int stream, long nowMicros) {
        String clientZone = zoneNames.get(zone);
        // With the registry's loads, routing adds the players it sent that they cannot show yet, as Locate does;
        // here one RecentAssignments sees every join, as if one node answered all the locates.
        List<NodeRecord> seen = settings.registryLoad() ? recentlySent.adjust(view, nowMicros / 1000) : view;
        List<NodeRecord> asked = chooser.candidates(clientZone, seen);
        Set<String> carrying = new HashSet<>();
        for (NodeRecord n : asked) {
            if (carriers.get(stream).contains(n.nodeId())) {
                carrying.add(n.nodeId());
            }
        }
        NodeRecord origin = view.get(edges + streamOrigin[stream]);
        EdgeChooser.Choice choice = chooser.choose(clientZone, seen, carrying, origin).orElseThrow(
                () -> new IllegalStateException("no node can serve " + streamKeys[stream]));
        int e = indexById.get(choice.node().nodeId());
        if (settings.registryLoad()) {
            recentlySent.sent(view.get(e), nowMicros / 1000);
        }
        if (e >= edges) {
            throw new IllegalStateException("routing chose origin " + choice.node().nodeId() + " with edges ready");
        }
        locates++;
        edgesAsked += asked.size();
        reasons.merge(choice.reason(), 1L, Long::sum);
        if (edgeZone[e] != zone) {
            crossZone++;
        }
        if (!pulled[e][stream]) {
            pulled[e][stream] = true;
            carriers.get(stream).add(choice.node().nodeId());
            upstreams++;
            upstreamsOpened++;
            originUpstreams[streamOrigin[stream]]++;
            changed(edges + streamOrigin[stream]);
        } else if (pairPlayers[e][stream] == 0) {
            idleTurn[e][stream]++; // back within the idle time: the pull stays, its close is off
        }
        pairPlayers[e][stream]++;
        edgePlayers[e]++;
        changed(e);
        return e;
    }

    /**
     * A player of {@code stream} leaves edge {@code e}. When it was the pair's last, the turn the caller passes to
     * {@link #closeIfIdle} after the idle time; otherwise -1.
     */
    int leave(int e, int stream) {
        if (pairPlayers[e][stream] <= 0) {
            throw new IllegalStateException("no player of " + streamKeys[stream] + " on edge " + e + " to leave");
        }
        pairPlayers[e][stream]--;
        edgePlayers[e]--;
        changed(e);
        return pairPlayers[e][stream] == 0 ? ++idleTurn[e][stream] : -1;
    }

    /** The idle close of a pair's pull: closes it unless a player joined since {@code turn}. */
    boolean closeIfIdle(int e, int stream, int turn) {
        if (!pulled[e][stream] || pairPlayers[e][stream] > 0 || idleTurn[e][stream] != turn) {
            return false;
        }
        pulled[e][stream] = false;
        carriers.get(stream).remove(view.get(e).nodeId());
        upstreams--;
        upstreamsClosed++;
        originUpstreams[streamOrigin[stream]]--;
        changed(edges + streamOrigin[stream]);
        return true;
    }

    /**
     * Node {@code node}'s periodic look at its load ({@code NodeRegistry}, every
     * {@link NodeRegistry#LOAD_REFRESH_MILLIS}): writes the record when routing would see a difference or when the
     * last write is more than {@link NodeRegistry#QUIET_WRITE_MILLIS} old. With {@code --routing-load fresh} the
     * view already holds the load; the write is counted all the same.
     */
    void look(int node, long nowMicros) {
        NodeLoad now = load(node);
        boolean due = nowMicros - lastWriteMicros[node] > NodeRegistry.QUIET_WRITE_MILLIS * 1000;
        if (due || now.differsFrom(written[node])) {
            written[node] = now;
            lastWriteMicros[node] = nowMicros;
            nodeWrites++;
            if (settings.registryLoad()) {
                view.set(node, view.get(node).withLoad(now));
            }
        }
    }

    /** A node registered before the simulation starts: its last write at {@code atMicros} (may be negative). */
    void registered(int node, long atMicros) {
        lastWriteMicros[node] = atMicros;
    }

    private void changed(int node) {
        if (!settings.registryLoad()) {
            view.set(node, view.get(node).withLoad(load(node)));
        }
    }

    /** The node's load now: an edge's players and their egress, an origin's upstreams (edges count as players). */
    NodeLoad load(int node) {
        return node < edges ? edgeLoad(edgePlayers[node])
                : new NodeLoad(originUpstreams[node - edges], originUpstreams[node - edges] * settings.streamBps(),
                        0, 0);
    }

    private NodeLoad edgeLoad(int players) {
        return new NodeLoad(players, players * settings.streamBps(), settings.capacityPlayers(),
                settings.capacityBps());
    }

    int nodes() {
        return view.size();
    }

    int edges() {
        return edges;
    }

    int zoneOf(int edge) {
        return edgeZone[edge];
    }

    String nodeId(int node) {
        return view.get(node).nodeId();
    }

    int players(int edge) {
        return edgePlayers[edge];
    }

    int pairPlayers(int edge, int stream) {
        return pairPlayers[edge][stream];
    }

    boolean pulls(int edge, int stream) {
        return pulled[edge][stream];
    }

    /** Streams edge {@code e} pulls (open or in their idle time). */
    int pullsOf(int e) {
        return (int) IntStream.range(0, settings.streams()).filter(s -> pulled[e][s]).count();
    }

    /** Edges pulling {@code stream}. */
    int carriersOf(int stream) {
        return carriers.get(stream).size();
    }

    String streamKey(int stream) {
        return streamKeys[stream];
    }

    int originOf(int stream) {
        return streamOrigin[stream];
    }

    int upstreamsOf(int origin) {
        return originUpstreams[origin];
    }

    /** Upstream pulls open now, kept as they open and close (the test counts the pairs again). */
    int upstreams() {
        return upstreams;
    }

    long reason(EdgeChooser.Reason reason) {
        return reasons.getOrDefault(reason, 0L);
    }

    long crossZone() {
        return crossZone;
    }

    long locates() {
        return locates;
    }

    long edgesAsked() {
        return edgesAsked;
    }

    long upstreamsOpened() {
        return upstreamsOpened;
    }

    long upstreamsClosed() {
        return upstreamsClosed;
    }

    long nodeWrites() {
        return nodeWrites;
    }

    boolean atCapacity(int edge) {
        return load(edge).overCapacity();
    }

    /** Over a capacity it has: more players than {@code EDGE_CAPACITY_PLAYERS}, or more egress than its bits. */
    boolean overCapacity(int edge) {
        NodeLoad l = load(edge);
        return (l.capacityPlayers() > 0 && l.players() > l.capacityPlayers())
                || (l.capacityBps() > 0 && l.egressBps() > l.capacityBps());
    }
}
