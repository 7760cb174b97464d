package org.rtmpcluster.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started (a node, ffmpeg, rtmpdump, a script): its stdout and stderr kept as {@link LineLog}s, no
 * stdin, and killed on {@link #close()}. Processes still alive when the test JVM exits (a fork killed on timeout) are
 * killed by a shutdown hook, so no node keeps its port past the run.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::killTree)));
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

    public static ChildProcess start(String name, Path workDir, List<String> command) throws IOException {
        return start(name, workDir, command, Map.of());
    }

    /** Starts the command with these variables added to the test JVM's environment. */
    public static ChildProcess start(String name, Path workDir, List<String> command, Map<String, String> env)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        LIVE.add(process);
        return new ChildProcess(name, process);
    }

    public LineLog stdout() {
        return stdout;
    }

    public LineLog stderr() {
        return stderr;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The process itself, for its descendants and exit. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The exit code of a process that has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits for the process to exit and its output to be read; fails, quoting its stderr, if it runs too long. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; its stderr:\n" + stderr.tail());
        }
        stdout.awaitEnd(Duration.ofSeconds(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Waits for the process to exit and fails, quoting its stderr, unless it exited with 0. */
    public void awaitCleanExit(Duration timeout) throws InterruptedException {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError(name + " exited with " + code + "; its stderr:\n" + stderr.tail());
        }
    }

    /**
     * Sends SIGTERM and returns at once, keeping the output readable: {@link Process#destroy()} would close our
     * ends of its pipes too, and lose what the process writes while it shuts down.
     */
    public void signalTerm() {
        process.toHandle().destroy();
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux) and returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends SIGKILL and waits for the process to be gone: a crash, when that is the behaviour under test. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running 10 s after SIGKILL");
        }
    }

    /**
     * Kills the process and whatever it started, if still running (SIGKILL: cleanup, not the behaviour under test).
     * Its children go first: once the process is gone they are no longer its descendants and could not be found.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            killTree(process);
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name;
    }
}
