package org.rtmpcluster.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server under one scenario, the {@code scenario} subcommand: a {@link TimedPublisher} per stream, then the
 * players, then a settle time, then the measurement window over which the server's CPU and what the players
 * received are counted. Writes one JSON object ({@link ScenarioResult}) for {@link CompareReport}.
 *
 * <pre>java -jar bench.jar scenario --label 300 --server nginx --streams 1 --players 300 --publish 127.0.0.1:1935
 *     --play 127.0.0.1:1935 --server-pids 123,124 [--origin-pids 125] [--server-logs a.log,b.log] --flv src.flv
 *     --seconds 20 [--settle 2] [--clk-tck 100] --out run.json</pre>
 *
 * Exit status: 0 measured, 1 measured but some players could not play, 3 not measured (the JSON says why).
 */
final class ScenarioRun {
    private static final String APP = "live";
    private static final long PUBLISH_TIMEOUT_SECONDS = 15;
    private static final long FIRST_GOP_TIMEOUT_SECONDS = 15;
    private static final long JOIN_TIMEOUT_SECONDS = 90;
    private static final long FIRST_KEYFRAME_TIMEOUT_SECONDS = 10;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final ScenarioResult.Setup setup;
    private final List<Long> serverPids;
    private final List<Long> originPids;
    private final long ticksPerSecond;
    private final Endpoint publishTo;
    private final Endpoint playFrom;
    private final Path flv;
    private final int settleSeconds;
    private final ServerLog serverLog;

    private ScenarioRun(Flags f) {
        this.setup = new ScenarioResult.Setup(f.string("label"), f.string("server"), f.integer("streams"),
                f.integer("players"), f.integer("seconds"));
        this.serverPids = f.pids("server-pids");
        this.originPids = f.pids("origin-pids");
        this.ticksPerSecond = f.integer("clk-tck", 100);
        this.publishTo = Endpoint.parse(f.string("publish"), APP);
        this.playFrom = Endpoint.parse(f.string("play"), APP);
        this.flv = Path.of(f.string("flv"));
        this.settleSeconds = f.integer("settle", 2);
        this.serverLog = new ServerLog(Arrays.stream(f.string("server-logs", "").split(","))
                .filter(p -> !p.isBlank()).map(Path::of).toList());
        if (serverPids.isEmpty()) {
            throw new IllegalArgumentException("missing --server-pids");
        }
    }

    static int main(String[] args) throws IOException {
        Flags flags = new Flags(args);
        Path out = Path.of(flags.string("out"));
        ScenarioRun run = new ScenarioRun(flags);
        Logger.getLogger("").setLevel(Level.WARNING); // a thousand connections' INFO lines say nothing here
        JsonObject json;
        int status;
        try {
            ScenarioResult result = run.measure();
            json = result.toJson();
            status = result.playersStarted() == run.setup.totalPlayers() ? 0 : 1;
        } catch (RunFailed e) {
            json = ScenarioResult.failed(run.setup, e.getMessage());
            status = 3;
        }
        Files.writeString(out, json.encodePrettily());
        System.err.println(run.setup.label() + " " + run.setup.server() + ": "
                + (status == 3 ? "FAILED " + json.getString("error") : ScenarioResult.summary(json)));
        return status;
    }

    private ScenarioResult measure() {
        FlvFile file;
        try {
            file = FlvFile.read(flv);
        } catch (IOException | IllegalArgumentException e) {
            throw new RunFailed("cannot read " + flv + ": " + e.getMessage());
        }
        // Publishers on an event loop of their own, so a busy player loop does not delay the source.
        Vertx publisherVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx playerVertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        try {
            return measure(file, publisherVertx, playerVertx);
        } finally {
            await(Future.join(publisherVertx.close(), playerVertx.close()), CLOSE_TIMEOUT_SECONDS, "closing");
        }
    }

    private ScenarioResult measure(FlvFile file, Vertx publisherVertx, Vertx playerVertx) {
        ScenarioResult.Builder result = new ScenarioResult.Builder(setup, file.videoFps());
        List<SendLog> logs = new ArrayList<>();
        List<TimedPublisher> publishers = startPublishers(publisherVertx, file, logs);
        result.serverBaseline(sample(serverPids));
        if (!originPids.isEmpty()) {
            result.originBaseline(sample(originPids));
        }
        serverLog.mark();

        MeasurementWindow window = new MeasurementWindow();
        List<LatencyPlayer> players = startPlayers(playerVertx, file, logs, window, result);
        pause(settleSeconds); // let join bursts (GOP cache replays) drain before measuring steady state

        long framesBefore = framesSent(publishers);
        ProcessSample serverStart = sample(serverPids);
        ProcessSample originStart = originPids.isEmpty() ? null : sample(originPids);
        window.open();
        pause(setup.seconds()); // the measurement window
        window.close();
        ProcessSample serverEnd = sample(serverPids);
        ProcessSample originEnd = originPids.isEmpty() ? null : sample(originPids);
        result.window(window.seconds(), serverStart, serverEnd, ticksPerSecond);
        if (originStart != null) {
            result.originWindow(originStart, originEnd, ticksPerSecond);
        }
        result.publishedFrames(framesSent(publishers) - framesBefore);

        result.serverLog(serverLog.problems());
        publishers.stream().map(TimedPublisher::closedReason).filter(r -> r != null).forEach(result::publisherClosed);
        await(Future.all(players.stream().map(LatencyPlayer::result).toList()), CLOSE_TIMEOUT_SECONDS,
                "collecting results").<LatencyPlayer.PlayerResult>list().forEach(result::player);
        return result.build();
    }

    /** One publisher per stream, started a fraction of a GOP apart; returns once each has sent a whole GOP. */
    private List<TimedPublisher> startPublishers(Vertx vertx, FlvFile file, List<SendLog> logs) {
        List<TimedPublisher> publishers = new ArrayList<>();
        List<Future<Void>> published = new ArrayList<>();
        for (int s = 0; s < setup.streams(); s++) {
            SendLog log = new SendLog();
            TimedPublisher p = new TimedPublisher(vertx, publishTo, streamName(s), file, log);
            logs.add(log);
            publishers.add(p);
            published.add(p.start(s * file.gopMillis() / setup.streams()));
        }
        await(Future.all(published), PUBLISH_TIMEOUT_SECONDS, "publishing " + setup.streams() + " streams to "
                + publishTo);
        await(Future.all(publishers.stream().map(TimedPublisher::firstGopSent).toList()), FIRST_GOP_TIMEOUT_SECONDS,
                "sending the first GOP");
        return publishers;
    }

    /** Starts every player (stream by stream in turn) and waits until they play and have had a keyframe. */
    private List<LatencyPlayer> startPlayers(Vertx vertx, FlvFile file, List<SendLog> logs,
                                             MeasurementWindow window, ScenarioResult.Builder result) {
        List<LatencyPlayer> players = new ArrayList<>();
        for (int i = 0; i < setup.totalPlayers(); i++) {
            int s = i % setup.streams();
            players.add(new LatencyPlayer(vertx, playFrom, streamName(s), logs.get(s), window));
        }
        Queue<String> joinFailures = new ConcurrentLinkedQueue<>();
        await(joinOverOneGop(players, file.gopMillis(), joinFailures), JOIN_TIMEOUT_SECONDS,
                "starting " + players.size() + " players");
        result.joinFailures(joinFailures);
        if (joinFailures.size() == players.size()) {
            throw new RunFailed("no player could play " + playFrom + ": " + joinFailures.peek());
        }
        // A player that never gets a keyframe shows up as not at full frame rate; the run goes on without it.
        awaitQuietly(Future.join(players.stream().map(LatencyPlayer::firstKeyframe).toList()),
                FIRST_KEYFRAME_TIMEOUT_SECONDS);
        return players;
    }

    private static long framesSent(List<TimedPublisher> publishers) {
        return publishers.stream().mapToLong(TimedPublisher::videoFramesSent).sum();
    }

    /**
     * Starts the players spread evenly over one GOP, as an audience arrives at random moments of the stream: each
     * finds the stream at a different point of its GOP, which is what time to first keyframe depends on. A player
     * that fails is recorded; the others go on.
     */
    private static Future<Void> joinOverOneGop(List<LatencyPlayer> players, long gopMillis, Queue<String> failures) {
        List<Future<Void>> joined = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            joined.add(players.get(i).start(i * gopMillis / players.size())
                    .otherwise(e -> {
                        failures.add(String.valueOf(e.getMessage()));
                        return null;
                    }));
        }
        return Future.all(joined).mapEmpty();
    }

    private static String streamName(int s) {
        return "bench" + s;
    }

    private static ProcessSample sample(List<Long> pids) {
        try {
            return ProcessSample.of(pids);
        } catch (RuntimeException e) {
            throw new RunFailed(e.getMessage());
        }
    }

    private static <T> T await(Future<T> future, long seconds, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new RunFailed(what + ": no answer within " + seconds + " s");
        } catch (ExecutionException e) {
            throw new RunFailed(what + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailed(what + ": interrupted");
        }
    }

    private static void awaitQuietly(Future<?> future, long seconds) {
        try {
            future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // counted per player in the results
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The deliberate waits of a measurement (settle time, window); never used to wait for an event. */
    private static void pause(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailed("interrupted");
        }
    }

    /** The run could not measure: the server is gone, refused the publish, or no player could play. */
    static final class RunFailed extends RuntimeException {
        RunFailed(String message) {
            super(message, null, false, false);
        }
    }
}
