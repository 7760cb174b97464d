package org.rtmpcluster.origin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started (a node, ffmpeg, rtmpdump): its stdout and stderr kept as {@link LineLog}s, no stdin,
 * and killed on {@link #close()}. Processes still alive when the test JVM exits (a fork killed on timeout) are
 * killed by a shutdown hook, so no node keeps its port past the run.
 */
final class ChildProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final LineLog stdout;
    private final LineLog stderr;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdout = LineLog.follow(name + " stdout", process.getInputStream());
        this.stderr = LineLog.follow(name + " stderr", process.getErrorStream());
    }

    static ChildProcess start(String name, Path workDir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        LIVE.add(process);
        return new ChildProcess(name, process);
    }

    LineLog stdout() {
        return stdout;
    }

    LineLog stderr() {
        return stderr;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a process that has exited. */
    int exitCode() {
        return process.exitValue();
    }

    /** Waits for the process to exit and its output to be read; fails, quoting its stderr, if it runs too long. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; its stderr:\n" + stderr.tail());
        }
        stdout.awaitEnd(Duration.ofSeconds(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Waits for the process to exit and fails, quoting its stderr, unless it exited with 0. */
    void awaitCleanExit(Duration timeout) throws InterruptedException {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError(name + " exited with " + code + "; its stderr:\n" + stderr.tail());
        }
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux) and returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Kills the process if it still runs (SIGKILL: cleanup, not the behaviour under test). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
    }

    @Override
    public String toString() {
        return name;
    }
}
