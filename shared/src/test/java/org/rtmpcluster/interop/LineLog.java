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
 * The lines one output stream of a child process has written so far, in order, each with the moment the test read
 * it. A daemon thread reads the stream to its end, so the process never blocks on a full pipe; a test awaits a line
 * with a timeout instead of sleeping. ffmpeg's carriage-return progress updates count as lines too.
 */
public final class LineLog {
    /** How many trailing lines a failure message quotes. */
    private static final int QUOTED_LINES = 40;

    private final String name;
    private final List<Line> lines = new ArrayList<>();
    private boolean ended;

    /** A line and when this JVM read it ({@link System#nanoTime()}): when the process wrote it, give or take a ms. */
    public record Line(String text, long readAtNanos) {
    }

    private LineLog(String name) {
        this.name = name;
    }

    public static LineLog follow(String name, InputStream stream) {
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
        lines.add(new Line(line, System.nanoTime()));
        notifyAll();
    }

    /**
     * The {@code nth} (1-based) line, already written or still to come, that matches; fails if none comes within the
     * timeout or the stream ends first, quoting what the process did write.
     */
    public synchronized Line awaitNth(int nth, String what, Predicate<String> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        int seen = 0;
        while (true) {
            for (; next < lines.size(); next++) {
                if (match.test(lines.get(next).text()) && ++seen == nth) {
                    return lines.get(next);
                }
            }
            String counted = nth == 1 ? "" : " (seen " + seen + " of " + nth + ")";
            if (ended) {
                throw new AssertionError(name + " ended without " + what + counted + "; its last lines:\n" + tail());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + counted + " on " + name + " within " + timeout
                        + "; its last lines:\n" + tail());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The first matching line with the time it was read; see {@link #awaitNth}. */
    public Line awaitLine(String what, Predicate<String> match, Duration timeout) throws InterruptedException {
        return awaitNth(1, what, match, timeout);
    }

    /** The first matching line; see {@link #awaitNth}. */
    public String await(String what, Predicate<String> match, Duration timeout) throws InterruptedException {
        return awaitLine(what, match, timeout).text();
    }

    /** The first line that contains the fragment; see {@link #awaitNth}. */
    public String awaitContaining(String fragment, Duration timeout) throws InterruptedException {
        return await("a line containing '" + fragment + "'", line -> line.contains(fragment), timeout);
    }

    /** Waits until the stream is read to its end (the process closed it, usually by exiting). */
    public synchronized void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " still open after " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public synchronized List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    public synchronized boolean anyContains(String fragment) {
        return lines.stream().anyMatch(line -> line.text().contains(fragment));
    }

    /** The lines so far that contain the fragment. */
    public synchronized List<String> linesContaining(String fragment) {
        return lines.stream().map(Line::text).filter(text -> text.contains(fragment)).toList();
    }

    /** The last lines, for failure messages. */
    public synchronized String tail() {
        List<Line> last = lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size());
        return last.isEmpty() ? "  <nothing>" : "  " + String.join("\n  ", last.stream().map(Line::text).toList());
    }

    @Override
    public String toString() {
        return name;
    }
}
