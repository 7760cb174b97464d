package org.rtmpcluster.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Now and then a real player on the edge, as a process: {@code ffmpeg} (remuxing 3 s to nowhere) and
 * {@code rtmpdump} (3 s of the stream) in turn, on a random published key. Their RTMP clients are not ours, so
 * their handshakes, chunking and ways of hanging up are too. Each is in the {@link PlayerLedger} from before it
 * starts until its process has exited. Tools missing from the PATH are skipped.
 */
final class RealPlayers implements AutoCloseable {
    private static final long PLAY_SECONDS = 3;
    private static final long KILL_AFTER_SECONDS = 15;

    private final Endpoint edge;
    private final List<String> keys;
    private final PlayerLedger ledger;
    private final Random random;
    private final List<String> tools = new ArrayList<>();
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "real-players");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final Map<String, Integer> exits = new ConcurrentSkipListMap<>();
    private volatile Process running;
    private int next;

    RealPlayers(Endpoint edge, List<String> keys, PlayerLedger ledger, long seed) {
        this.edge = edge;
        this.keys = keys;
        this.ledger = ledger;
        this.random = new Random(seed);
        for (String tool : List.of("ffmpeg", "rtmpdump")) {
            if (onPath(tool)) {
                tools.add(tool);
            }
        }
    }

    /** The tools found; empty if neither is installed. */
    List<String> tools() {
        return tools;
    }

    /** Starts one player every {@code everySeconds} (one at a time); 0 or no tools: none. */
    void start(long everySeconds) {
        if (everySeconds > 0 && !tools.isEmpty()) {
            runner.scheduleWithFixedDelay(this::runOne, everySeconds, everySeconds, TimeUnit.SECONDS);
        }
    }

    private void runOne() {
        String tool = tools.get(next++ % tools.size());
        String key = keys.get(random.nextInt(keys.size()));
        String url = "rtmp://" + edge.host() + ":" + edge.port() + "/" + key;
        List<String> command = tool.equals("ffmpeg")
                ? List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", url,
                        "-t", Long.toString(PLAY_SECONDS), "-c", "copy", "-f", "null", "-")
                : List.of("rtmpdump", "-q", "-v", "-r", url, "--stop", Long.toString(PLAY_SECONDS), "-o", "/dev/null");
        runs.incrementAndGet();
        ledger.joined(key);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            running = p;
            String exit;
            if (!p.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                exit = "killed";
            } else {
                exit = Integer.toString(p.exitValue());
                if (p.exitValue() == 0) {
                    succeeded.incrementAndGet();
                }
            }
            exits.merge(tool + " " + exit, 1, Integer::sum);
        } catch (IOException e) {
            exits.merge(tool + " not started", 1, Integer::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = null;
            ledger.left(key, System.nanoTime());
        }
    }

    /** Real players run so far, and those that exited 0. */
    long runs() {
        return runs.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    /** How the runs ended, by tool and exit status ("ffmpeg 0", "rtmpdump 2", "ffmpeg killed"). */
    Map<String, Integer> exits() {
        return Map.copyOf(exits);
    }

    /** No more runs; waits for the one running, if any, to end. */
    @Override
    public void close() {
        runner.shutdown();
        try {
            if (!runner.awaitTermination(KILL_AFTER_SECONDS + 5, TimeUnit.SECONDS)) {
                Process p = running;
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
