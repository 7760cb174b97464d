package org.rtmpcluster.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The lines one output stream of a child process has written so far, in order. A daemon thread reads the stream
 * to its end, so the process never blocks on a full pipe; a test awaits a line with a timeout instead of sleeping.
 * ffmpeg's carriage-return progress updates count as lines too.
 */
final class LineLog {
    /** How many trailing lines a failure message quotes. */
    private static final int QUOTED_LINES = 40;

    private final String name;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private LineLog(String name) {
        this.name = name;
    }

    static LineLog follow(String name, InputStream stream) {
        LineLog log = new LineLog(name);
        Thread reader = new Thread(() -> log.readToEnd(stream), "read " + name);
        reader.setDaemon(true);
        reader.start();
        return log;
    }

    private void readToEnd(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                add(line);
            }
        } catch (IOException e) {
            add("<reading " + name + " failed: " + e + ">");
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    /**
     * The first line (already written or still to come) that matches; fails if none comes within the timeout or the
     * stream ends first, quoting what the process did write.
     */
    synchronized String await(String what, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        while (true) {
            for (; next < lines.size(); next++) {
                if (match.test(lines.get(next))) {
                    return lines.get(next);
                }
            }
            if (ended) {
                throw new AssertionError(name + " ended without " + what + "; its last lines:\n" + tail());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " on " + name + " within " + timeout + "; its last lines:\n"
                        + tail());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The first line that contains the fragment; see {@link #await(String, Predicate, Duration)}. */
    String awaitContaining(String fragment, Duration timeout) throws InterruptedException {
        return await("a line containing '" + fragment + "'", line -> line.contains(fragment), timeout);
    }

    /** Waits until the stream is read to its end (the process closed it, usually by exiting). */
    synchronized void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " still open after " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized boolean anyContains(String fragment) {
        return lines.stream().anyMatch(line -> line.contains(fragment));
    }

    /** The last lines, for failure messages. */
    synchronized String tail() {
        List<String> last = lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size());
        return last.isEmpty() ? "  <nothing>" : "  " + String.join("\n  ", last);
    }

    @Override
    public String toString() {
        return name;
    }
}
