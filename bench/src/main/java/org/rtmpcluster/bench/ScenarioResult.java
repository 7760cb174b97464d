package org.rtmpcluster.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * What one server did under one scenario, as the JSON object {@link CompareReport} reads. Sizes are in kB (1024
 * bytes, as {@code /proc} reports them), rates in MB (10^6 bytes) of RTMP message payload, times in ms.
 */
record ScenarioResult(JsonObject json, int playersStarted) {
    /** A player is at full frame rate when it got at least this fraction of the source's frames per second. */
    static final double FULL_FPS_FRACTION = 0.95;

    /** What was asked for: scenario label, server, streams, players per stream, window seconds. */
    record Setup(String label, String server, int streams, int playersPerStream, int seconds) {
        int totalPlayers() {
            return streams * playersPerStream;
        }

        JsonObject toJson() {
            return new JsonObject().put("label", label).put("server", server).put("streams", streams)
                    .put("playersPerStream", playersPerStream).put("players", totalPlayers())
                    .put("windowSecondsAsked", seconds);
        }
    }

    JsonObject toJson() {
        return json;
    }

    static JsonObject failed(Setup setup, String error) {
        return setup.toJson().put("error", error);
    }

    /** One line for the progress log. */
    static String summary(JsonObject r) {
        return String.format(Locale.ROOT, "%d/%d playing, %d at full fps, %.0f MB/cpu-s, cpu %.0f%%, latency p50 %s "
                        + "p99 %s ms, ttfk p50 %s ms, rss/player %s kB, timestamps exact %d shifted %d unknown %d",
                r.getInteger("playersConnected"), r.getInteger("players"), r.getInteger("playersFullFps"),
                r.getDouble("mbPerCpuSecond"), r.getDouble("serverCpuPercent"), r.getValue("latencyP50Ms"),
                r.getValue("latencyP99Ms"), r.getValue("ttfkP50Ms"), r.getValue("rssPerPlayerKb"),
                r.getLong("timestampsExact"), r.getLong("timestampsShifted"), r.getLong("framesUnknown"));
    }

    /** Collects a run's measurements as they come, then computes the figures. */
    static final class Builder {
        private final Setup setup;
        private final double sourceFps;
        private final Percentiles latencyMicros = new Percentiles();
        private final Percentiles ttfkMicros = new Percentiles();
        private final Map<String, Integer> closeReasons = new TreeMap<>();
        private final JsonArray publisherClosed = new JsonArray();
        private final JsonObject json;
        private int joinFailures;
        private String firstJoinFailure;
        private double windowSeconds;
        private double serverCpuSeconds;
        private ProcessSample serverBaseline;
        private ProcessSample serverLoaded;
        private ProcessSample originBaseline;
        private long payloadBytes;
        private long publishedFrames;
        private int playersConnected;
        private int playersFullFps;
        private long exact;
        private long shifted;
        private long unknown;

        Builder(Setup setup, double sourceFps) {
            this.setup = setup;
            this.sourceFps = sourceFps;
            this.json = setup.toJson();
        }

        void serverBaseline(ProcessSample s) {
            serverBaseline = s;
        }

        void originBaseline(ProcessSample s) {
            originBaseline = s;
        }

        void joinFailures(Queue<String> failures) {
            joinFailures = failures.size();
            firstJoinFailure = failures.peek();
        }

        void window(double seconds, ProcessSample start, ProcessSample end, long ticksPerSecond) {
            windowSeconds = seconds;
            serverCpuSeconds = end.cpuSecondsSince(start, ticksPerSecond);
            serverLoaded = end;
        }

        void originWindow(ProcessSample start, ProcessSample end, long ticksPerSecond) {
            double cpu = end.cpuSecondsSince(start, ticksPerSecond);
            json.put("originCpuSeconds", round(cpu, 2)).put("originCpuPercent", round(100 * cpu / windowSeconds, 1))
                    .put("originRssBaselineKb", originBaseline.rssKb()).put("originRssLoadedKb", end.rssKb());
        }

        void publishedFrames(long frames) {
            publishedFrames = frames;
        }

        void serverLog(JsonObject problems) {
            json.put("serverLog", problems);
        }

        void publisherClosed(String reason) {
            publisherClosed.add(reason);
        }

        void player(LatencyPlayer.PlayerResult p) {
            payloadBytes += p.windowBytes();
            if (p.closeReason() == null) {
                playersConnected++;
            } else {
                closeReasons.merge(p.closeReason(), 1, Integer::sum);
            }
            if (p.windowVideoFrames() / windowSeconds >= FULL_FPS_FRACTION * sourceFps) {
                playersFullFps++;
            }
            if (p.timeToFirstKeyframeNanos() >= 0) {
                ttfkMicros.add(p.timeToFirstKeyframeNanos() / 1000);
            }
            latencyMicros.addAll(p.latencyMicros());
            exact += p.timestampsExact();
            shifted += p.timestampsShifted();
            unknown += p.framesUnknown();
        }

        ScenarioResult build() {
            int started = setup.totalPlayers() - joinFailures;
            json.put("windowSeconds", round(windowSeconds, 3))
                    .put("playersStarted", started)
                    .put("joinFailures", joinFailures)
                    .put("firstJoinFailure", firstJoinFailure)
                    .put("playersConnected", playersConnected)
                    .put("closeReasons", counts(closeReasons))
                    .put("playersFullFps", playersFullFps)
                    .put("sourceFps", round(sourceFps, 2))
                    .put("publishedFpsPerStream", round(publishedFrames / windowSeconds / setup.streams(), 2))
                    .put("publisherClosed", publisherClosed)
                    .put("payloadBytes", payloadBytes)
                    .put("payloadMbitPerSecondPerPlayer", round(payloadBytes * 8 / 1e6 / windowSeconds
                            / Math.max(1, playersConnected), 3))
                    .put("serverCpuSeconds", round(serverCpuSeconds, 2))
                    .put("serverCpuPercent", round(100 * serverCpuSeconds / windowSeconds, 1))
                    .put("mbPerCpuSecond", serverCpuSeconds > 0 ? round(payloadBytes / 1e6 / serverCpuSeconds, 1)
                            : null)
                    .put("rssBaselineKb", serverBaseline.rssKb())
                    .put("rssLoadedKb", serverLoaded.rssKb())
                    .put("rssPerPlayerKb", round((double) (serverLoaded.rssKb() - serverBaseline.rssKb())
                            / setup.totalPlayers(), 1))
                    .put("latencySamples", latencyMicros.count())
                    .put("latencyP50Ms", millis(latencyMicros.percentile(0.50)))
                    .put("latencyP99Ms", millis(latencyMicros.percentile(0.99)))
                    .put("playersWithKeyframe", ttfkMicros.count())
                    .put("ttfkP50Ms", millis(ttfkMicros.percentile(0.50)))
                    .put("ttfkP95Ms", millis(ttfkMicros.percentile(0.95)))
                    .put("timestampsExact", exact)
                    .put("timestampsShifted", shifted)
                    .put("framesUnknown", unknown);
            return new ScenarioResult(json, started);
        }

        private static JsonObject counts(Map<String, Integer> counts) {
            JsonObject o = new JsonObject();
            counts.forEach(o::put);
            return o;
        }

        private static Double millis(long micros) {
            return micros < 0 ? null : round(micros / 1000.0, 1);
        }
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
