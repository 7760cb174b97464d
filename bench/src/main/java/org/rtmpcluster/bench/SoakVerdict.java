package org.rtmpcluster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * What makes a churn soak fail, as pure checks over what was sampled: an upstream the edge keeps with no player
 * (or two for one key), a registry larger than its bound, and growth of a node's memory, threads or spare files
 * over the second half of the run (after warm-up: JIT, class loading, heap and buffer pools sized to the load).
 *
 * <p>Growth compares the median of the first three samples of the second half with the median of the last three,
 * so one noisy sample at either end (a GC that ran late, a burst of joins) neither hides nor fakes a trend.
 */
final class SoakVerdict {
    /** How many samples each end of a trend takes its median over. */
    static final int TREND_SAMPLES = 3;

    /**
     * @param idleMillis       the edge's upstream idle time
     * @param slackMillis      added to it before an upstream with no player is a failure (timers and GC pauses on
     *                         a busy machine)
     * @param heapGrowthMb     heap after GC may grow this much over the second half
     * @param rssGrowthPercent RSS may grow this much, relative to its value at the start of the second half
     * @param threadGrowth     threads may grow by this many
     * @param fileGrowth       open files beyond the soak's connections may grow by this many
     * @param registryBound    entries the stream registry may hold
     */
    record Limits(long idleMillis, long slackMillis, double heapGrowthMb, double rssGrowthPercent, int threadGrowth,
                  int fileGrowth, int registryBound) {

        /** How long an upstream may outlive the last player of its key. */
        long upstreamGraceMillis() {
            return idleMillis + slackMillis;
        }
    }

    /** A figure at the start and at the end of the second half. */
    record Trend(double start, double end) {
        double growth() {
            return end - start;
        }

        double growthPercent() {
            return start == 0 ? 0 : 100 * (end - start) / start;
        }
    }

    private SoakVerdict() {
    }

    /**
     * The edge's upstreams at one moment against the players it had: a key with two upstreams, a key whose last
     * player left more than the grace ago, and, when some upstreams could not be told apart by key yet, more
     * upstreams than keys that had players within the grace.
     *
     * @param upstreams    upstream connections by the key each plays
     * @param unmapped     upstream connections whose key is not known yet
     * @param heldRecently whether a key had a player within the grace
     * @param keysHeld     how many keys had a player within the grace
     */
    static List<String> upstreamProblems(Map<String, Integer> upstreams, int unmapped, Predicate<String> heldRecently,
                                         int keysHeld, Limits limits) {
        List<String> problems = new ArrayList<>();
        upstreams.forEach((key, count) -> {
            if (count > 1) {
                problems.add(count + " upstreams for " + key);
            }
            if (!heldRecently.test(key)) {
                problems.add("upstream of " + key + " with no player for over " + limits.upstreamGraceMillis()
                        + " ms (idle " + limits.idleMillis() + " + slack " + limits.slackMillis() + ")");
            }
        });
        if (unmapped > 0 && upstreams.size() + unmapped > keysHeld) {
            problems.add((upstreams.size() + unmapped) + " upstreams (" + unmapped + " not yet playing) but only "
                    + keysHeld + " keys had players within " + limits.upstreamGraceMillis() + " ms");
        }
        return problems;
    }

    static List<String> registryProblems(int entries, Limits limits) {
        return entries > limits.registryBound()
                ? List.of("registry holds " + entries + " entries, bound " + limits.registryBound())
                : List.of();
    }

    /** The samples taken in the second half of a load phase of {@code seconds}. */
    static List<SoakSample> secondHalf(List<SoakSample> samples, double seconds) {
        return samples.stream().filter(s -> s.seconds() >= seconds / 2).toList();
    }

    /** The trend of a figure over {@code samples}; null with fewer than two. */
    static Trend trend(List<SoakSample> samples, ToDoubleFunction<SoakSample> figure) {
        if (samples.size() < 2) {
            return null;
        }
        int n = Math.min(TREND_SAMPLES, samples.size() / 2);
        return new Trend(median(samples.subList(0, n), figure),
                median(samples.subList(samples.size() - n, samples.size()), figure));
    }

    /** Growth beyond the limits over the second half of the load phase, per node. */
    static List<String> growthProblems(List<SoakSample> secondHalf, Limits limits) {
        List<String> problems = new ArrayList<>();
        growth(problems, "origin", secondHalf, SoakSample::origin, limits);
        growth(problems, "edge", secondHalf, SoakSample::edge, limits);
        return problems;
    }

    private static void growth(List<String> problems, String node, List<SoakSample> samples,
                               Function<SoakSample, SoakSample.Node> of, Limits limits) {
        Trend heap = trend(samples, s -> of.apply(s).heapAfterGcBytes() / 1048576.0);
        if (heap == null) {
            return;
        }
        if (heap.growth() > limits.heapGrowthMb()) {
            problems.add(String.format(Locale.ROOT, "%s heap after GC grew %.1f MB (%.1f -> %.1f), limit %.1f MB",
                    node, heap.growth(), heap.start(), heap.end(), limits.heapGrowthMb()));
        }
        Trend rss = trend(samples, s -> of.apply(s).rssKb() / 1024.0);
        if (rss.growthPercent() > limits.rssGrowthPercent()) {
            problems.add(String.format(Locale.ROOT, "%s RSS grew %.1f%% (%.0f -> %.0f MB), limit %.1f%%", node,
                    rss.growthPercent(), rss.start(), rss.end(), limits.rssGrowthPercent()));
        }
        Trend threads = trend(samples, s -> of.apply(s).threads());
        if (threads.growth() > limits.threadGrowth()) {
            problems.add(String.format(Locale.ROOT, "%s threads grew by %.0f (%.0f -> %.0f), limit %d", node,
                    threads.growth(), threads.start(), threads.end(), limits.threadGrowth()));
        }
        Trend files = trend(samples, s -> of.apply(s).spareFiles());
        if (files.growth() > limits.fileGrowth()) {
            problems.add(String.format(Locale.ROOT, "%s open files beyond its connections grew by %.0f "
                    + "(%.0f -> %.0f), limit %d", node, files.growth(), files.start(), files.end(),
                    limits.fileGrowth()));
        }
    }

    private static double median(List<SoakSample> samples, ToDoubleFunction<SoakSample> figure) {
        double[] values = samples.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
