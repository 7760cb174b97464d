package org.rtmpcluster.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.node.Logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * The churn soak, the {@code soak} subcommand ({@code bench/soak.sh}): against one origin and one edge running as
 * processes, publishers come and go on the origin ({@link PublisherChurn}), players join and leave the edge without
 * pause ({@link PlayerChurn}, now and then {@link RealPlayers}), and every few seconds a sample records both nodes'
 * RSS, heap after a full GC, threads and spare open files, the edge's upstream connections to the origin by stream
 * key, the players by key, and the stream registry's size. At the end the players leave, and the edge must have
 * closed every upstream within its idle time plus slack; then the publishers stop, and the registry must show no
 * live stream. {@link SoakVerdict} says what fails.
 *
 * <pre>java -jar bench.jar soak --origin 127.0.0.1:1935 --edge 127.0.0.1:1936 --origin-pid 123 --edge-pid 124
 *     --origin-log origin.log --edge-log edge.log --cluster-name c --cluster-members 127.0.0.1:5701
 *     --cluster-port 5709 --flv soak.flv --seconds 120 --idle-ms 500 --play-wait-ms 2000 --out soak.jsonl</pre>
 *
 * Writes one JSON object per line to {@code --out}: the settings, every sample, the end and the verdict. Prints a
 * line per sample and a verdict line. Exit status: 0 passed, 1 failed.
 */
final class ChurnSoak {
    private static final String APP = "live";
    private static final long FIRST_PUBLISH_TIMEOUT_SECONDS = 30;
    private static final long PLAYERS_LEAVE_EXTRA_MILLIS = 20_000;
    private static final long REGISTRY_EMPTY_TIMEOUT_MILLIS = 10_000;
    private static final long POLL_MILLIS = 50;
    private static final long MIN_ON_MILLIS = 5_000;
    private static final long MAX_ON_MILLIS = 40_000;
    private static final long MIN_OFF_MILLIS = 200;

    private final Endpoint origin;
    private final Endpoint edge;
    private final long originPid;
    private final long edgePid;
    private final LogTail originLog;
    private final LogTail edgeLog;
    private final String clusterName;
    private final List<String> clusterMembers;
    private final int clusterPort;
    private final Path flv;
    private final int seconds;
    private final int sampleSeconds;
    private final int streams;
    private final int ghosts;
    private final PlayerChurn.Audience audience;
    private final long playWaitMillis;
    private final int realPlayerSeconds;
    private final long seed;
    /**
     * Hands each random source its own seed: {@link java.util.Random}s seeded with neighbouring numbers start with
     * nearly the same values, which made every publisher stop and return in step.
     */
    private final Random seeds;
    private final SoakVerdict.Limits limits;
    private final Path out;

    private final List<String> published;
    private final List<String> neverPublished;
    private final PlayerLedger ledger = new PlayerLedger();
    private final Map<String, Seen> problems = new LinkedHashMap<>();
    private final List<SoakSample> samples = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private long lastMediaBytes;
    private long lastSampleNanos;

    private ChurnSoak(Flags f) {
        this.origin = Endpoint.parse(f.string("origin"), APP);
        this.edge = Endpoint.parse(f.string("edge"), APP);
        this.originPid = Long.parseLong(f.string("origin-pid"));
        this.edgePid = Long.parseLong(f.string("edge-pid"));
        this.originLog = new LogTail(Path.of(f.string("origin-log")));
        this.edgeLog = new LogTail(Path.of(f.string("edge-log")));
        this.clusterName = f.string("cluster-name");
        this.clusterMembers = Arrays.asList(f.string("cluster-members").split(","));
        this.clusterPort = f.integer("cluster-port");
        this.flv = Path.of(f.string("flv"));
        this.seconds = positive(f, "seconds", 120);
        this.sampleSeconds = positive(f, "sample-seconds", 5);
        this.streams = positive(f, "streams", 6);
        this.ghosts = f.integer("ghosts", 2);
        this.audience = new PlayerChurn.Audience(positive(f, "players", 24), positive(f, "max-stay-ms", 10_000),
                percent(f, "vanish-percent", 20, 99), percent(f, "ghost-percent", 10, 100));
        this.playWaitMillis = positive(f, "play-wait-ms", 3000);
        this.realPlayerSeconds = f.integer("real-player-seconds", 15);
        this.seed = Long.parseLong(f.string("seed", Long.toString(System.nanoTime())));
        this.seeds = new Random(seed);
        this.limits = new SoakVerdict.Limits(positive(f, "idle-ms", 5000), f.integer("slack-ms", 2000),
                Double.parseDouble(f.string("heap-growth-mb", "8")),
                Double.parseDouble(f.string("rss-growth-percent", "10")), f.integer("thread-growth", 16),
                f.integer("file-growth", 16), streams + f.integer("registry-slack", 0));
        this.out = Path.of(f.string("out"));
        this.published = keys("soak", streams);
        this.neverPublished = keys("ghost", ghosts);
    }

    /** A problem found at one sample or more: when first, and how often. */
    private record Seen(double firstAt, int times) {
    }

    private static int positive(Flags f, String name, int fallback) {
        int v = f.integer(name, fallback);
        if (v <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive, got " + v);
        }
        return v;
    }

    private static int percent(Flags f, String name, int fallback, int max) {
        int v = f.integer(name, fallback);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("--" + name + " out of range 0.." + max + ", got " + v);
        }
        return v;
    }

    static int main(String[] args) throws IOException {
        ChurnSoak soak = new ChurnSoak(new Flags(args));
        Logging.configure(); // as the nodes log, Hazelcast's lite member included
        Logger.getLogger("").setLevel(Level.WARNING); // each player's connect and close would log a line here
        return soak.run() ? 0 : 1;
    }

    private boolean run() throws IOException {
        FlvFile file = FlvFile.read(flv);
        Files.deleteIfExists(out);
        write(new JsonObject().put("settings", settings()));
        System.out.printf(Locale.ROOT, "soak: %d s, %d streams (+%d never published), %d players on average "
                        + "(%d%% vanish after play), edge idle %d ms, play wait %d ms, seed %d; samples to %s%n",
                seconds, streams, ghosts, audience.players(), audience.vanishPercent(), limits.idleMillis(),
                playWaitMillis, seed, out);
        List<String> failures = new ArrayList<>();
        JsonObject end = new JsonObject();
        // Each load role on an event loop of its own: a burst of joins must not delay the publishers' media.
        Vertx publisherVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx playerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        String summary;
        try (NodesUnderTest nodes = NodesUnderTest.attach(originPid, edgePid, origin.port(), originLog, edgeLog,
                clusterName, clusterPort, clusterMembers);
             RealPlayers real = new RealPlayers(edge, published, ledger, seeds.nextLong())) {
            List<PublisherChurn> publishers = startPublishers(publisherVertx, file, failures);
            if (failures.isEmpty()) {
                load(nodes, publishers, playerVertx, real, failures, end);
            }
            stopAll(publishers);
            summary = summary(end, nodes);
        } finally {
            await(Future.join(publisherVertx.close(), playerVertx.close()));
        }
        failures.addAll(summarizedProblems());
        boolean passed = failures.isEmpty();
        JsonObject verdict = new JsonObject().put("passed", passed).put("failures", failures).put("summary", summary);
        write(new JsonObject().put("end", end).put("verdict", verdict));
        System.out.println((passed ? "soak PASSED: " : "soak FAILED: " + String.join("; ", failures) + " | ")
                + summary);
        return passed;
    }

    private List<PublisherChurn> startPublishers(Vertx vertx, FlvFile file, List<String> failures) {
        long maxOff = Math.max(10_000, 5 * playWaitMillis);
        PublisherChurn.Timing timing = new PublisherChurn.Timing(MIN_ON_MILLIS, MAX_ON_MILLIS, MIN_OFF_MILLIS,
                maxOff);
        List<PublisherChurn> publishers = new ArrayList<>();
        List<Future<Void>> first = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String name = published.get(i).substring(APP.length() + 1);
            PublisherChurn p = new PublisherChurn(vertx, origin, name, file, timing, seeds.nextLong());
            publishers.add(p);
            first.add(p.start(i * file.gopMillis() / streams)); // keyframes of different streams apart
        }
        try {
            Future.all(first).toCompletionStage().toCompletableFuture()
                    .get(FIRST_PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            failures.add("not every stream could be published to " + origin + " within "
                    + FIRST_PUBLISH_TIMEOUT_SECONDS + " s: " + publishers.stream()
                    .filter(p -> p.publishes() == 0).map(p -> p.stream() + " (" + p.lastFailure() + ")").toList());
        }
        return publishers;
    }

    private void load(NodesUnderTest nodes, List<PublisherChurn> publishers, Vertx playerVertx, RealPlayers real,
                      List<String> failures, JsonObject end) {
        PlayerChurn players = new PlayerChurn(playerVertx, edge, published, neverPublished, audience, ledger,
                seeds.nextLong());
        players.start();
        real.start(realPlayerSeconds);
        long loadStart = System.nanoTime();
        lastSampleNanos = loadStart;
        try {
            for (int n = 1; n * (long) sampleSeconds <= seconds; n++) {
                pauseUntil(loadStart + TimeUnit.SECONDS.toNanos(n * (long) sampleSeconds));
                SoakSample s = sample(nodes, secondsSince(loadStart), players, publishers);
                samples.add(s);
                write(s.toJson());
                System.out.println(s.line());
            }
            failures.addAll(SoakVerdict.growthProblems(SoakVerdict.secondHalf(samples, seconds), limits));
            drain(nodes, players, real, publishers, failures, end);
        } catch (RuntimeException e) {
            // A node died, the registry stopped answering, or a probe failed: the soak ends here.
            failures.add(e instanceof NodesUnderTest.NodeGone || e instanceof IllegalStateException ? e.getMessage()
                    : "sampling failed: " + e);
        } finally {
            end.put("players", counts(players, real));
        }
        if (players.counts().mediaBytes() == 0) {
            failures.add("no player received any media: the soak tested nothing");
        }
    }

    /**
     * The end: no more arrivals, the players leave, and the edge must close every upstream within the grace of the
     * last one leaving; then the publishers stop, and the registry must show no live stream.
     */
    private void drain(NodesUnderTest nodes, PlayerChurn players, RealPlayers real, List<PublisherChurn> publishers,
                       List<String> failures, JsonObject end) {
        await(players.stopArrivals());
        real.close();
        if (!waitFor(() -> ledger.total() == 0, audience.maxStayMillis() + PLAYERS_LEAVE_EXTRA_MILLIS)) {
            failures.add(ledger.total() + " players still on the edge "
                    + (audience.maxStayMillis() + PLAYERS_LEAVE_EXTRA_MILLIS) + " ms after arrivals stopped");
            return;
        }
        long lastLeft = ledger.lastLeftNanos();
        long grace = limits.upstreamGraceMillis();
        boolean closed = waitFor(() -> nodes.upstreamCount() == 0, grace - (System.nanoTime() - lastLeft) / 1_000_000);
        long closedAfter = (System.nanoTime() - lastLeft) / 1_000_000;
        Map<String, Integer> left = nodes.upstreamsByKeyOrUnknown();
        if (closed && left.isEmpty()) {
            end.put("lastUpstreamClosedAfterMillis", closedAfter);
        } else {
            int count = left.values().stream().mapToInt(Integer::intValue).sum();
            failures.add(count + " upstreams still open " + closedAfter + " ms after the last player left "
                    + "(idle " + limits.idleMillis() + " + slack " + limits.slackMillis() + "): " + left);
        }
        stopAll(publishers);
        RegistryProbe.Snapshot[] registryNow = new RegistryProbe.Snapshot[1];
        boolean ended = waitFor(() -> (registryNow[0] = nodes.registry()).live() == 0,
                REGISTRY_EMPTY_TIMEOUT_MILLIS);
        end.put("registryEntries", registryNow[0].entries()).put("registryLive", registryNow[0].live());
        if (!ended) {
            failures.add("registry still shows " + registryNow[0].live() + " live streams "
                    + REGISTRY_EMPTY_TIMEOUT_MILLIS + " ms after every publisher stopped");
        }
        failures.addAll(SoakVerdict.registryProblems(registryNow[0].entries(), limits));
        // At rest: no player, no publisher. For the record; growth is judged under load.
        end.put("originAtRest", nodes.origin(0).toJson()).put("edgeAtRest", nodes.edge(0).toJson());
        double at = secondsSince(startNanos);
        nodes.newLeaks().forEach(leak -> note(leak, at));
    }

    private SoakSample sample(NodesUnderTest nodes, double at, PlayerChurn players,
                              List<PublisherChurn> publishers) {
        nodes.checkAlive();
        long now = System.nanoTime();
        NodesUnderTest.Upstreams upstreams = nodes.upstreams();
        long grace = limits.upstreamGraceMillis();
        List<String> found = new ArrayList<>(SoakVerdict.upstreamProblems(upstreams.byKey(), upstreams.unmapped(),
                key -> ledger.heldWithin(key, now, grace), ledger.keysHeldWithin(now, grace), limits));
        Map<String, Integer> playersNow = ledger.openNow();
        int publishing = (int) publishers.stream().filter(PublisherChurn::isPublishing).count();
        RegistryProbe.Snapshot registry = nodes.registry();
        found.addAll(SoakVerdict.registryProblems(registry.entries(), limits));
        found.addAll(nodes.newLeaks());
        int playerCount = playersNow.values().stream().mapToInt(Integer::intValue).sum();
        SoakSample.Node originNode = nodes.origin(upstreams.total() + publishing);
        SoakSample.Node edgeNode = nodes.edge(upstreams.total() + playerCount);
        long bytes = players.counts().mediaBytes();
        double kbps = (bytes - lastMediaBytes) * 8 / 1000.0 / ((now - lastSampleNanos) / 1e9);
        lastMediaBytes = bytes;
        lastSampleNanos = now;
        found.forEach(p -> note(p, at));
        return new SoakSample(at, originNode, edgeNode, upstreams.byKey(), upstreams.unmapped(), playersNow,
                publishing, registry.entries(), registry.live(), kbps, found);
    }

    /** Records a problem; one that recurs is reported once, with when it was first seen and how often. */
    private void note(String problem, double at) {
        problems.merge(problem, new Seen(at, 1), (was, now) -> new Seen(was.firstAt(), was.times() + 1));
    }

    private List<String> summarizedProblems() {
        List<String> list = new ArrayList<>();
        problems.forEach((p, seen) -> list.add(String.format(Locale.ROOT, "%s (first at %.0f s, %d times)", p,
                seen.firstAt(), seen.times())));
        return list;
    }

    private JsonObject counts(PlayerChurn players, RealPlayers real) {
        PlayerChurn.Counts c = players.counts();
        return new JsonObject().put("joins", c.joins()).put("playing", c.playing()).put("vanished", c.vanished())
                .put("leftWaiting", c.leftWaiting())
                .put("notFound", c.notFound()).put("failed", c.failed()).put("lastFailure", players.lastFailure())
                .put("droppedByEdge", c.dropped()).put("lastDrop", players.lastDrop())
                .put("mediaBytes", c.mediaBytes()).put("realPlayers", real.runs())
                .put("realPlayersOk", real.succeeded()).put("realPlayerExits", new JsonObject(Map.copyOf(real.exits())))
                .put("realPlayerTools", real.tools());
    }

    private String summary(JsonObject end, NodesUnderTest nodes) {
        StringBuilder b = new StringBuilder();
        JsonObject p = end.getJsonObject("players");
        if (p != null) {
            b.append(String.format(Locale.ROOT, "%d players joined (%d played, %d vanished after play, %d left while "
                            + "their play waited, %d not found, %d failed, %d closed by the edge), %d real players "
                            + "(%d ok)", p.getLong("joins"), p.getLong("playing"), p.getLong("vanished"),
                    p.getLong("leftWaiting"), p.getLong("notFound"), p.getLong("failed"), p.getLong("droppedByEdge"),
                    p.getLong("realPlayers"), p.getLong("realPlayersOk")));
        }
        List<SoakSample> half = SoakVerdict.secondHalf(samples, seconds);
        SoakVerdict.Trend oh = SoakVerdict.trend(half, s -> s.origin().heapAfterGcBytes() / 1048576.0);
        SoakVerdict.Trend eh = SoakVerdict.trend(half, s -> s.edge().heapAfterGcBytes() / 1048576.0);
        SoakVerdict.Trend or = SoakVerdict.trend(half, s -> s.origin().rssKb() / 1024.0);
        SoakVerdict.Trend er = SoakVerdict.trend(half, s -> s.edge().rssKb() / 1024.0);
        if (oh != null) {
            b.append(String.format(Locale.ROOT, "; second half: heap after GC origin %.1f->%.1f MB, edge %.1f->%.1f "
                            + "MB; RSS origin %.0f->%.0f MB, edge %.0f->%.0f MB", oh.start(), oh.end(), eh.start(),
                    eh.end(), or.start(), or.end(), er.start(), er.end()));
        }
        b.append("; max upstreams ").append(samples.stream().mapToInt(SoakSample::upstreamTotal).max().orElse(0));
        b.append(", max registry ").append(samples.stream().mapToInt(SoakSample::registryEntries).max().orElse(0));
        if (end.containsKey("lastUpstreamClosedAfterMillis")) {
            b.append(", last upstream closed ").append(end.getLong("lastUpstreamClosedAfterMillis"))
                    .append(" ms after the last player left");
        }
        b.append("; ").append(nodes.warnings()).append(" warning lines");
        if (nodes.firstWarning() != null) {
            b.append(" (first: ").append(nodes.firstWarning()).append(')');
        }
        return b.toString();
    }

    private JsonObject settings() {
        return new JsonObject().put("origin", origin.toString()).put("edge", edge.toString())
                .put("seconds", seconds).put("sampleSeconds", sampleSeconds).put("streams", streams)
                .put("ghosts", ghosts).put("players", audience.players()).put("maxStayMillis", audience.maxStayMillis())
                .put("vanishPercent", audience.vanishPercent()).put("ghostPercent", audience.ghostPercent())
                .put("idleMillis", limits.idleMillis()).put("slackMillis", limits.slackMillis())
                .put("playWaitMillis", playWaitMillis).put("heapGrowthMb", limits.heapGrowthMb())
                .put("rssGrowthPercent", limits.rssGrowthPercent()).put("threadGrowth", limits.threadGrowth())
                .put("fileGrowth", limits.fileGrowth()).put("registryBound", limits.registryBound())
                .put("flv", flv.toString()).put("seed", seed);
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> APP + "/" + prefix + i).toList();
    }

    private static void stopAll(List<PublisherChurn> publishers) {
        await(Future.join(publishers.stream().map(PublisherChurn::stop).toList()));
    }

    private void write(JsonObject json) {
        try {
            Files.writeString(out, json.encode() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the soak's own clients did not stop within 30 s: " + e, e);
        }
    }

    /** Polls {@code condition} until it holds or {@code millis} have passed; whether it held. */
    private static boolean waitFor(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(POLL_MILLIS);
        }
        return true;
    }

    /** The pacing of samples: a deliberate wait, never a wait for an event. */
    private static void pauseUntil(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos - System.nanoTime());
        if (millis > 0) {
            sleep(millis);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
