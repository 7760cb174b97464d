package org.rtmpcluster.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The side-by-side report, the {@code report} subcommand: reads the {@link ScenarioResult} JSON of every run,
 * prints a table with each of our runs next to nginx-rtmp's run of the same size (ours ÷ nginx as a ratio row),
 * and writes everything, with the machine it ran on, to one JSON file.
 *
 * <pre>java -jar bench.jar report --out compare.json [--print-json true] [--commit abc1234] [--worktree text]
 *     [--jars text] [--nginx-version 1.22.1] -- run1.json run2.json ...</pre>
 */
final class CompareReport {
    private static final String NGINX = "nginx";
    /** Figures compared as ours ÷ nginx; which way is better is in the legend. */
    private static final String[] RATIO_FIGURES = {"playersFullFps", "mbPerCpuSecond", "serverCpuPercent",
        "latencyP50Ms", "latencyP99Ms", "ttfkP50Ms", "ttfkP95Ms", "rssPerPlayerKb"};

    private final List<JsonObject> runs;
    private final JsonObject machine;
    private final String commit;
    private final String worktree;
    private final String jars;

    CompareReport(List<JsonObject> runs, JsonObject machine, String commit, String worktree, String jars) {
        this.runs = runs;
        this.machine = machine;
        this.commit = commit;
        this.worktree = worktree;
        this.jars = jars;
    }

    static int main(String[] args) throws IOException {
        int separator = Arrays.asList(args).indexOf("--");
        if (separator < 0) {
            throw new IllegalArgumentException("usage: report --out FILE [--flag value]... -- RUN.json...");
        }
        Flags flags = new Flags(Arrays.copyOf(args, separator));
        List<JsonObject> runs = new ArrayList<>();
        for (int i = separator + 1; i < args.length; i++) {
            runs.add(new JsonObject(Files.readString(Path.of(args[i]))));
        }
        CompareReport report = new CompareReport(runs, Machine.describe(flags.string("nginx-version", "?")),
                flags.string("commit", "?"), flags.string("worktree", "?"), flags.string("jars", "?"));
        JsonObject json = report.toJson();
        Path out = Path.of(flags.string("out"));
        Files.writeString(out, json.encodePrettily());
        System.out.print(report.table());
        System.out.println("JSON: " + out);
        if (Boolean.parseBoolean(flags.string("print-json", "false"))) {
            System.out.println(json.encodePrettily());
        }
        return runs.stream().allMatch(CompareReport::complete) ? 0 : 1;
    }

    /** A run that measured with every player playing. */
    private static boolean complete(JsonObject run) {
        return !run.containsKey("error") && run.getInteger("joinFailures", 0) == 0;
    }

    JsonObject toJson() {
        JsonArray comparisons = new JsonArray();
        for (JsonObject run : runs) {
            nginxFor(run).ifPresent(nginx -> comparisons.add(new JsonObject().put("label", run.getString("label"))
                    .put("server", run.getString("server")).put("against", NGINX + " " + nginx.getString("label"))
                    .put("ratios", ratios(run, nginx))));
        }
        return new JsonObject().put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("commit", commit).put("worktree", worktree).put("jars", jars).put("machine", machine)
                .put("ratioMeans", "ours / nginx-rtmp in the same run").put("results", new JsonArray(runs))
                .put("comparisons", comparisons).put("rssPerAddedPlayer", new JsonArray(rssPerAddedPlayer()));
    }

    /**
     * For each server with one-stream runs of two sizes or more: the RSS an added player costs, from the smallest run
     * to the largest ((RSS delta of the larger - of the smaller) / the players between them). rss/player divides
     * everything the load added by the players, including what grows once whatever the audience (the JVM's young
     * generation touched under load, buffer arenas, code); the slope leaves those out.
     */
    List<JsonObject> rssPerAddedPlayer() {
        List<JsonObject> slopes = new ArrayList<>();
        runs.stream().filter(CompareReport::oneStream).map(r -> r.getString("server")).distinct().forEach(server -> {
            List<JsonObject> sized = runs.stream().filter(r -> oneStream(r) && server.equals(r.getString("server")))
                    .sorted(java.util.Comparator.comparingInt(r -> r.getInteger("players"))).toList();
            JsonObject small = sized.get(0);
            JsonObject large = sized.get(sized.size() - 1);
            int added = large.getInteger("players") - small.getInteger("players");
            if (added > 0) {
                long grown = (large.getLong("rssLoadedKb") - large.getLong("rssBaselineKb"))
                        - (small.getLong("rssLoadedKb") - small.getLong("rssBaselineKb"));
                slopes.add(new JsonObject().put("server", server).put("fromPlayers", small.getInteger("players"))
                        .put("toPlayers", large.getInteger("players"))
                        .put("kbPerAddedPlayer", ScenarioResult.round((double) grown / added, 1)));
            }
        });
        return slopes;
    }

    private static boolean oneStream(JsonObject run) {
        return !run.containsKey("error") && Integer.valueOf(1).equals(run.getInteger("streams"))
                && run.getLong("rssBaselineKb") != null && run.getLong("rssLoadedKb") != null;
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "rtmp-cluster vs nginx-rtmp, %s, commit %s%s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), commit,
                worktree.isEmpty() || worktree.equals("clean") ? "" : " (" + worktree + ")"));
        b.append(String.format(Locale.ROOT, "jars built: %s%n", jars.trim()));
        b.append(String.format(Locale.ROOT, "%s; %s s windows%n%n", machine.getString("summary"),
                runs.isEmpty() ? "?" : runs.get(0).getValue("windowSecondsAsked")));
        String format = "%-9s %-7s %9s %8s %9s %6s %8s %8s %8s %8s %10s%n";
        b.append(String.format(Locale.ROOT, format, "scenario", "server", "playing", "full-fps", "MB/cpu-s",
                "cpu%", "lat-p50", "lat-p99", "ttfk-p50", "ttfk-p95", "rss/player"));
        b.append(String.format(Locale.ROOT, format, "", "", "", "", "", "", "ms", "ms", "ms", "ms", "kB"));
        String previousLabel = null;
        for (JsonObject run : runs) {
            String label = run.getString("label");
            if (previousLabel != null && !previousLabel.equals(label)) {
                b.append('\n');
            }
            previousLabel = label;
            if (run.containsKey("error")) {
                b.append(String.format(Locale.ROOT, "%-9s %-7s FAILED: %s%n", label, run.getString("server"),
                        run.getString("error")));
                continue;
            }
            b.append(String.format(Locale.ROOT, format, label, run.getString("server"),
                    run.getInteger("playersConnected") + "/" + run.getInteger("players"),
                    run.getInteger("playersFullFps"), number(run.getValue("mbPerCpuSecond")),
                    number(run.getValue("serverCpuPercent")), number(run.getValue("latencyP50Ms")),
                    number(run.getValue("latencyP99Ms")), number(run.getValue("ttfkP50Ms")),
                    number(run.getValue("ttfkP95Ms")), number(run.getValue("rssPerPlayerKb"))));
            Optional<JsonObject> nginx = nginxFor(run);
            if (nginx.isPresent()) {
                JsonObject r = ratios(run, nginx.get());
                b.append(String.format(Locale.ROOT, format, "", "÷" + NGINX, "",
                        ratio(r, "playersFullFps"), ratio(r, "mbPerCpuSecond"), ratio(r, "serverCpuPercent"),
                        ratio(r, "latencyP50Ms"), ratio(r, "latencyP99Ms"), ratio(r, "ttfkP50Ms"),
                        ratio(r, "ttfkP95Ms"), ratio(r, "rssPerPlayerKb")));
            }
        }
        b.append('\n');
        List<JsonObject> slopes = rssPerAddedPlayer();
        Optional<Double> nginxSlope = slopes.stream().filter(s -> NGINX.equals(s.getString("server")))
                .map(s -> s.getDouble("kbPerAddedPlayer")).findFirst();
        for (JsonObject s : slopes) {
            double kb = s.getDouble("kbPerAddedPlayer");
            b.append(String.format(Locale.ROOT, "rss per added player, %s, %d -> %d players: %s kB%s%n",
                    s.getString("server"), s.getInteger("fromPlayers"), s.getInteger("toPlayers"), number(kb),
                    NGINX.equals(s.getString("server")) || nginxSlope.isEmpty() || nginxSlope.get() == 0 ? ""
                            : String.format(Locale.ROOT, " (%.2f x nginx)", kb / nginxSlope.get())));
        }
        if (!slopes.isEmpty()) {
            b.append('\n');
        }
        b.append(notes());
        return b.toString();
    }

    private String notes() {
        StringBuilder b = new StringBuilder();
        b.append("""
                playing: players still connected at the end of the window / players started.
                full-fps: players that got >= 95% of the source's video frame rate over the window.
                MB/cpu-s: RTMP payload MB (10^6 bytes, audio+video+data) all players received in the window, per
                  CPU second (utime+stime) of the serving process(es) in the window (nginx: master+worker; edge: the
                  edge alone). cpu%: those CPU seconds per window second (100 = one core).
                lat: publisher send -> player receive, per video frame sent after that player's play.
                ttfk: the player's play (createStream + play) -> its first video keyframe.
                rss/player: (VmRSS at the end of the window - VmRSS with only the publisher) / players.
                rss per added player: the same growth between the smallest and the largest one-stream run of a
                  server, per player between them: what one more player costs, without what grows once under load.
                ÷nginx: ours / nginx-rtmp's run with the same streams and players (edgeN against nginx N).
                """);
        long exact = 0;
        long checked = 0;
        for (JsonObject run : runs) {
            if (run.containsKey("error")) {
                continue;
            }
            long e = run.getLong("timestampsExact");
            long s = run.getLong("timestampsShifted");
            long u = run.getLong("framesUnknown");
            exact += e;
            checked += e + s + u;
            if (s + u > 0) {
                b.append(String.format(Locale.ROOT, "%s %s: %d of %d frames arrived with a timestamp other than "
                        + "the published one (%d found by payload fingerprint, %d not found)%n",
                        run.getString("label"), run.getString("server"), s + u, e + s + u, s, u));
            }
            if (run.containsKey("originCpuPercent")) {
                b.append(String.format(Locale.ROOT, "%s %s: the origin it pulls from used %s%% cpu; origin RSS "
                                + "%d -> %d kB%n", run.getString("label"), run.getString("server"),
                        number(run.getValue("originCpuPercent")), run.getLong("originRssBaselineKb"),
                        run.getLong("originRssLoadedKb")));
            }
            if (run.getInteger("joinFailures") > 0) {
                b.append(String.format(Locale.ROOT, "%s %s: %d players could not play, e.g. %s%n",
                        run.getString("label"), run.getString("server"), run.getInteger("joinFailures"),
                        run.getString("firstJoinFailure")));
            }
            JsonObject closed = run.getJsonObject("closeReasons");
            if (closed != null && !closed.isEmpty()) {
                b.append(String.format(Locale.ROOT, "%s %s: players disconnected: %s%n", run.getString("label"),
                        run.getString("server"), closed.encode()));
            }
            JsonObject log = run.getJsonObject("serverLog");
            if (log != null && log.getLong("problemLines", 0L) > 0) {
                b.append(String.format(Locale.ROOT, "%s %s: the server logged %d warnings or errors, e.g. %s%n",
                        run.getString("label"), run.getString("server"), log.getLong("problemLines"),
                        log.getJsonArray("samples").getString(0)));
            }
            JsonArray publisherClosed = run.getJsonArray("publisherClosed");
            if (publisherClosed != null && !publisherClosed.isEmpty()) {
                b.append(String.format(Locale.ROOT, "%s %s: publisher disconnected: %s%n", run.getString("label"),
                        run.getString("server"), publisherClosed.encode()));
            }
        }
        b.append(String.format(Locale.ROOT, "timestamps: %d of %d video frames checked arrived with the "
                + "publisher's timestamp and payload%n", exact, checked));
        return b.toString();
    }

    /** nginx-rtmp's run of the same size, for any run that is not itself nginx. */
    private Optional<JsonObject> nginxFor(JsonObject run) {
        if (NGINX.equals(run.getString("server")) || run.containsKey("error")) {
            return Optional.empty();
        }
        return runs.stream().filter(r -> NGINX.equals(r.getString("server")) && !r.containsKey("error")
                        && r.getInteger("streams").equals(run.getInteger("streams"))
                        && r.getInteger("playersPerStream").equals(run.getInteger("playersPerStream")))
                .findFirst();
    }

    private static JsonObject ratios(JsonObject ours, JsonObject nginx) {
        JsonObject r = new JsonObject();
        for (String figure : RATIO_FIGURES) {
            Object a = ours.getValue(figure);
            Object b = nginx.getValue(figure);
            r.put(figure, a instanceof Number x && b instanceof Number y && y.doubleValue() != 0
                    ? ScenarioResult.round(x.doubleValue() / y.doubleValue(), 4) : null);
        }
        return r;
    }

    private static String ratio(JsonObject ratios, String figure) {
        if (!(ratios.getValue(figure) instanceof Number n)) {
            return "-";
        }
        double v = n.doubleValue();
        return String.format(Locale.ROOT, v != 0 && Math.abs(v) < 0.1 ? "%.2g" : "%.2f", v);
    }

    private static String number(Object v) {
        if (!(v instanceof Number n)) {
            return "-";
        }
        double d = n.doubleValue();
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
