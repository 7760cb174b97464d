package org.rtmpcluster.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The real RTMP clients the interop tests run: ffmpeg publishing and playing, rtmpdump playing, ffprobe listing the
 * tracks. Every ffmpeg here copies packets ({@code -c copy}), so what is compared is the bytes the server carried,
 * never a re-encode.
 */
public final class Clients {
    public static final String INSTALL_HINT = "apt-get install -y ffmpeg rtmpdump curl";

    private Clients() {
    }

    /** Fails (never skips) when a tool the interop tests run is not on the PATH, saying how to install it. */
    public static void requireInstalled(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("interop tests need " + String.join(", ", missing) + " on the PATH: "
                    + INSTALL_HINT);
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What curl got for a GET: the status code and the body. */
    public record CurlAnswer(int status, String body) {
    }

    /** {@code curl -s} GET of {@code url}, as an operator would ask a node's HTTP API; waits for its answer. */
    public static CurlAnswer curl(Path workDir, String url) throws IOException, InterruptedException {
        try (ChildProcess curl = ChildProcess.start("curl", workDir,
                List.of("curl", "-s", "--max-time", "10", "-w", "\n%{http_code}", url))) {
            curl.awaitExit(Duration.ofSeconds(15));
            List<String> lines = curl.stdout().lines();
            if (curl.exitCode() != 0 || lines.isEmpty()) {
                throw new AssertionError("curl " + url + " exited with " + curl.exitCode() + ": "
                        + curl.stderr().tail());
            }
            return new CurlAnswer(Integer.parseInt(lines.get(lines.size() - 1).trim()),
                    String.join("\n", lines.subList(0, lines.size() - 1)));
        }
    }

    /**
     * ffmpeg publishing the file at its own pace ({@code -re}) and writing {@code -progress} key=value lines on
     * stdout, so a test can await a point in the stream ({@code out_time_us=...}).
     */
    public static ChildProcess publish(Path workDir, Path flv, String url) throws IOException {
        return ChildProcess.start("ffmpeg publish " + url, workDir, ffmpeg(
                "-re", "-i", flv.toString(), "-c", "copy", "-progress", "pipe:1", "-f", "flv", url));
    }

    /** Like {@link #publish} but loops the file until killed. */
    public static ChildProcess publishForever(Path workDir, Path flv, String url) throws IOException {
        return ChildProcess.start("ffmpeg publish (looped) " + url, workDir, ffmpeg(
                "-re", "-stream_loop", "-1", "-i", flv.toString(), "-c", "copy", "-progress", "pipe:1",
                "-f", "flv", url));
    }

    /** ffmpeg playing until the stream ends, writing one framemd5 line per received packet to {@code out}. */
    public static ChildProcess playFrameHashes(Path workDir, String url, Path out) throws IOException {
        return ChildProcess.start("ffmpeg play " + url, workDir, ffmpeg(
                "-i", url, "-c", "copy", "-f", "framemd5", "-y", out.toString()));
    }

    /** ffmpeg playing and discarding, with {@code -progress} lines on stdout ({@code frame=N}) to await. */
    public static ChildProcess playToNowhere(Path workDir, String url) throws IOException {
        return ChildProcess.start("ffmpeg play " + url, workDir, ffmpeg(
                "-i", url, "-c", "copy", "-progress", "pipe:1", "-f", "null", "-"));
    }

    /** rtmpdump playing live ({@code -v}) until the stream ends, writing the tags in the order received. */
    public static ChildProcess rtmpdump(Path workDir, String url, Path out) throws IOException {
        return ChildProcess.start("rtmpdump " + url, workDir, List.of(
                "rtmpdump", "-r", url, "-v", "-o", out.toString()));
    }

    /**
     * ffprobe listing the tracks libavformat finds when it joins {@code url} (what ffplay, mpv, OBS's media source
     * and restreaming scripts find too), as JSON on stdout; read them with {@link #probedTracks}.
     */
    public static ChildProcess probeTracks(Path workDir, String url) throws IOException {
        return ChildProcess.start("ffprobe " + url, workDir, List.of("ffprobe", "-hide_banner", "-v", "error",
                "-show_entries", "stream=codec_type,codec_name", "-of", "json", url));
    }

    /** The tracks a finished {@link #probeTracks} run listed, as "type codec" ("video h264", "data none"). */
    public static List<String> probedTracks(ChildProcess ffprobe) {
        JsonObject probed = new JsonObject(String.join("\n", ffprobe.stdout().lines()));
        return probed.getJsonArray("streams", new JsonArray()).stream().map(JsonObject.class::cast)
                .map(s -> s.getString("codec_type") + " " + s.getString("codec_name", "none")).toList();
    }

    /**
     * The frame count an ffmpeg run with {@code -progress pipe:1} reported last (its {@code frame=N} lines), 0
     * before the first report. ffmpeg reports about twice a second.
     */
    public static long reportedFrames(ChildProcess ffmpeg) {
        List<String> lines = ffmpeg.stdout().lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("frame=")) {
                return Long.parseLong(lines.get(i).substring("frame=".length()).trim());
            }
        }
        return 0;
    }

    /** Matches {@code -progress} lines {@code frame=N} with N at least {@code frames}. */
    public static Predicate<String> framesAtLeast(long frames) {
        return line -> line.startsWith("frame=") && Long.parseLong(line.substring("frame=".length()).trim()) >= frames;
    }

    /** Matches {@code -progress} lines {@code out_time_us=N} with N at least {@code micros}. */
    public static Predicate<String> outTimeAtLeast(long micros) {
        return line -> {
            if (!line.startsWith("out_time_us=")) {
                return false;
            }
            try {
                return Long.parseLong(line.substring("out_time_us=".length()).trim()) >= micros;
            } catch (NumberFormatException notYet) { // "N/A" before the first packet
                return false;
            }
        };
    }

    /** Matches rtmpdump's progress lines ({@code "41.815 kB / 2.32 sec"}), written once media arrives. */
    public static Predicate<String> rtmpdumpProgress() {
        return line -> line.matches(".*[0-9.]+ kB / [0-9.]+ sec.*");
    }

    public static List<String> ffmpeg(String... args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats"));
        command.addAll(List.of(args));
        return command;
    }
}
