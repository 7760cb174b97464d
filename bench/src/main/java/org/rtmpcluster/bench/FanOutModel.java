package org.rtmpcluster.bench;

import org.rtmpcluster.cluster.NodeRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The {@code model} subcommand: what a fan-out of many players over zones of edges costs the origins and the
 * registry, simulated with the real routing code and no sockets ({@link SimulatedCluster}). Players join one by one,
 * each of a stream drawn by Zipf popularity and from a zone drawn by the zone split, and play where
 * {@code EdgeChooser} sends them; then, optionally, players leave and others join at a given rate (churn). The
 * report ({@link ModelReport}) is the same for the same flags and seed; only the last line (the simulation's own
 * wall-clock and CPU time) differs.
 *
 * <pre>java -jar bench.jar model [--players 1000000 --zones 3 --edges-per-zone 50 --origins 3 --streams 2000
 *     --zipf 1.0 --video-kbps 3000 --capacity-players 8000 --seed 1 ...]</pre>
 *
 * Flags: {@link ModelSettings}. Time is simulated in microseconds: joins at {@code --join-rate}, each node's look at
 * its load every 2 s (from a random phase, as nodes start at different times), idle closes, churn.
 */
final class FanOutModel {
    private static final long MICROS = 1_000_000;
    private static final long LOOK_MICROS = NodeRegistry.LOAD_REFRESH_MILLIS * 1000;

    private final ModelSettings settings;
    private final SimulatedCluster cluster;
    private final Popularity streamPopularity;
    private final Popularity zones;
    private final Random streamDraws;
    private final Random zoneDraws;
    private final Random churnDraws;
    private final Random lookPhases;
    private final PriorityQueue<Event> timeline = new PriorityQueue<>();
    private final int[] playerEdge;
    private final int[] playerStream;
    private long now;
    private long sequence;

    /** The outcome: the cluster as the joins (and churn) left it, the report, and what the run took. */
    record Outcome(SimulatedCluster cluster, ModelReport report, long wallMillis, long cpuMillis) {
    }

    /** Counters at the start and end of a phase of simulated time. */
    record Phase(long startMicros, long endMicros, long opened, long closed, long nodeWrites, long locates,
                 long edgesAsked) {
        double seconds() {
            return (endMicros - startMicros) / (double) MICROS;
        }

        double perSecond(long count) {
            return seconds() <= 0 ? 0 : count / seconds();
        }
    }

    private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    private FanOutModel(ModelSettings settings) {
        this.settings = settings;
        this.cluster = new SimulatedCluster(settings);
        this.streamPopularity = Popularity.zipf(settings.streams(), settings.zipf());
        this.zones = Popularity.shares(settings.zoneSplit());
        Random seeds = new Random(settings.seed()); // each source its own seed (see ChurnSoak)
        this.streamDraws = new Random(seeds.nextLong());
        this.zoneDraws = new Random(seeds.nextLong());
        this.churnDraws = new Random(seeds.nextLong());
        this.lookPhases = new Random(seeds.nextLong());
        this.playerEdge = new int[settings.players()];
        this.playerStream = new int[settings.players()];
    }

    static int main(String[] args) {
        ModelSettings settings = ModelSettings.from(new Flags(args));
        Outcome outcome = run(settings);
        outcome.report().lines().forEach(System.out::println);
        System.out.printf(Locale.ROOT, "simulated in %.1f s wall clock, %.1f s CPU (this machine)%n",
                outcome.wallMillis() / 1000.0, outcome.cpuMillis() / 1000.0);
        return 0;
    }

    static Outcome run(ModelSettings settings) {
        long start = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        FanOutModel model = new FanOutModel(settings);
        Phase ramp = model.ramp();
        ModelReport.Placement placement = ModelReport.Placement.of(model.cluster, settings);
        Phase churn = settings.churnRate() > 0 ? model.churn() : null;
        ModelReport report = new ModelReport(settings, model.cluster, placement, ramp, churn);
        return new Outcome(model.cluster, report, (System.nanoTime() - start) / 1_000_000,
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
    }

    /** Every player joins: all at once, or at {@code --join-rate} with the nodes' looks at their load between. */
    private Phase ramp() {
        if (settings.timed()) {
            for (int n = 0; n < cluster.nodes(); n++) {
                int node = n;
                long phase = lookPhases.nextLong(LOOK_MICROS);
                cluster.registered(node, phase - LOOK_MICROS);
                at(phase, () -> look(node));
            }
        }
        Phase before = mark(0);
        if (settings.joinRate() == 0) {
            for (int i = 0; i < settings.players(); i++) {
                joinInto(i);
            }
            return between(before, mark(0));
        }
        long last = joinTime(settings.players() - 1);
        if (settings.players() > 0) {
            at(0, () -> arrive(0));
        }
        runUntil(last);
        return between(before, mark(last));
    }

    private long joinTime(int i) {
        return Math.round(i * (MICROS / settings.joinRate()));
    }

    private void arrive(int i) {
        joinInto(i);
        if (i + 1 < settings.players()) {
            at(joinTime(i + 1), () -> arrive(i + 1));
        }
    }

    /** A new player takes slot {@code slot}: a stream by popularity, a zone by the split, an edge by routing. */
    private void joinInto(int slot) {
        int stream = streamPopularity.draw(streamDraws);
        int zone = zones.draw(zoneDraws);
        playerEdge[slot] = cluster.join(zone, stream, now);
        playerStream[slot] = stream;
    }

    /** For {@code --churn-seconds}: a player chosen at random leaves, and a new player joins at once. */
    private Phase churn() {
        long start = now;
        long end = start + settings.churnSeconds() * MICROS;
        Phase before = mark(start);
        double gap = MICROS / settings.churnRate();
        at(start + Math.round(gap), () -> leaveAndJoin(start, gap, 1));
        runUntil(end);
        return between(before, mark(end));
    }

    /** The {@code k}-th departure of the churn, and its replacement; then the next, {@code gap} later. */
    private void leaveAndJoin(long start, double gap, long k) {
        if (settings.players() > 0) {
            int slot = churnDraws.nextInt(settings.players());
            int edge = playerEdge[slot];
            int stream = playerStream[slot];
            int turn = cluster.leave(edge, stream);
            if (turn >= 0) {
                at(now + settings.idleMillis() * 1000, () -> cluster.closeIfIdle(edge, stream, turn));
            }
            joinInto(slot);
        }
        at(start + Math.round((k + 1) * gap), () -> leaveAndJoin(start, gap, k + 1));
    }

    private void look(int node) {
        cluster.look(node, now);
        at(now + LOOK_MICROS, () -> look(node));
    }

    private void at(long micros, Runnable action) {
        timeline.add(new Event(micros, sequence++, action));
    }

    /** Runs every event due at or before {@code end}, in time order (ties in the order they were scheduled). */
    private void runUntil(long end) {
        while (!timeline.isEmpty() && timeline.peek().at() <= end) {
            Event e = timeline.poll();
            now = e.at();
            e.action().run();
        }
        now = end;
    }

    private Phase mark(long at) {
        return new Phase(at, at, cluster.upstreamsOpened(), cluster.upstreamsClosed(), cluster.nodeWrites(),
                cluster.locates(), cluster.edgesAsked());
    }

    private static Phase between(Phase a, Phase b) {
        return new Phase(a.startMicros(), b.startMicros(), b.opened() - a.opened(), b.closed() - a.closed(),
                b.nodeWrites() - a.nodeWrites(), b.locates() - a.locates(), b.edgesAsked() - a.edgesAsked());
    }
}
