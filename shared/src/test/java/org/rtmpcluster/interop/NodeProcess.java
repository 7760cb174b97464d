package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node run from its packaged jar ({@code java -jar <role>.jar}), as an operator runs it. Each node gets free RTMP,
 * HTTP and cluster ports; a node started alone gets a cluster name of its own, so concurrent nodes never meet
 * ({@link ProcessCluster} starts nodes that do). The jar of each role is the one failsafe names in the
 * {@code <role>.jar} system property ({@code origin.jar}, {@code edge.jar}). Nodes listen on loopback only. Every
 * node a test started is kept until {@link NodeLogsOnFailure} has had the chance to quote its log.
 */
public final class NodeProcess implements AutoCloseable {
    /** A cold JVM on a busy two-core CI machine; the node itself starts in a second or two. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** Nodes a failure should quote: those still open, and those closed since the last {@link #forgetClosed()}. */
    private static final List<NodeProcess> OF_INTEREST = new CopyOnWriteArrayList<>();

    private final String name;
    private final String role;
    private final ChildProcess process;
    private final int rtmpPort;
    private final int httpPort;
    private final int clusterPort;
    private volatile boolean closed;
    /** Set when the node is closed: had it exited before the test closed it, and how. */
    private volatile String endedAs = "still running";
    private volatile String startLine;

    private NodeProcess(String name, String role, ChildProcess process, int rtmpPort, int httpPort,
                        int clusterPort) {
        this.name = name;
        this.role = role;
        this.process = process;
        this.rtmpPort = rtmpPort;
        this.httpPort = httpPort;
        this.clusterPort = clusterPort;
        OF_INTEREST.add(this);
    }

    /** The nodes a failure now should quote. */
    static List<NodeProcess> ofInterest() {
        return List.copyOf(OF_INTEREST);
    }

    /** Forgets closed nodes: a later failure has nothing to do with them. Open ones (a class's cluster) stay. */
    static void forgetClosed() {
        OF_INTEREST.removeIf(node -> node.closed);
    }

    /**
     * Starts a node of the role, alone in a cluster of its own, on free ports and waits for its start line
     * ({@code <role> node <uuid> rtmp ...}).
     */
    public static NodeProcess start(String role, Path workDir, String... extraFlags)
            throws IOException, InterruptedException {
        NodeProcess node = launchInCluster(role, role, workDir, "it-" + UUID.randomUUID(), freePort(), List.of(),
                List.of(extraFlags));
        node.awaitStarted(START_TIMEOUT);
        return node;
    }

    /**
     * Launches a node that joins the named cluster on {@code clusterPort}, seeded with {@code members} (host:port,
     * its own included), and returns at once: call {@link #awaitStarted}. Later flags win over earlier ones.
     */
    static NodeProcess launchInCluster(String name, String role, Path workDir, String clusterName, int clusterPort,
            List<String> members, List<String> extraFlags) throws IOException {
        int rtmpPort = freePort();
        int httpPort = freePort();
        List<String> flags = new ArrayList<>(List.of(
                "--bind-host", "127.0.0.1",
                "--rtmp-port", Integer.toString(rtmpPort),
                "--http-port", Integer.toString(httpPort),
                "--cluster-port", Integer.toString(clusterPort),
                "--cluster-name", clusterName));
        if (!members.isEmpty()) {
            flags.addAll(List.of("--cluster-members", String.join(",", members)));
        }
        flags.addAll(extraFlags);
        return new NodeProcess(name, role, launch(role, workDir, flags), rtmpPort, httpPort, clusterPort);
    }

    /** Runs the jar with exactly these flags and does not wait for anything: for tests of bad flags. */
    public static ChildProcess launch(String role, Path workDir, List<String> flags) throws IOException {
        return launch(role, workDir, flags, java.util.Map.of());
    }

    /** {@link #launch(String, Path, List)} with these variables added to the environment (JAVA_TOOL_OPTIONS). */
    public static ChildProcess launch(String role, Path workDir, List<String> flags, java.util.Map<String, String> env)
            throws IOException {
        // Every buffer tracked, as in the in-JVM tests: a leak Netty reports fails the test when the node is closed.
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dio.netty.leakDetection.level=paranoid",
                "-jar", jar(role).toString()));
        command.addAll(flags);
        return ChildProcess.start(role + " node", workDir, command, env);
    }

    /** Waits for the start line; closes the node and fails, quoting its log, if none comes in time. */
    void awaitStarted(Duration timeout) throws InterruptedException {
        try {
            startLine = log().await(role + " start line",
                    line -> line.contains(role + " node ") && line.contains(" rtmp "), timeout);
        } catch (AssertionError | InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until the node has seen every one of the cluster {@code addresses} (host:port) as a member: listed in
     * its start line or logged as joined since.
     */
    void awaitMembers(List<String> addresses, Duration timeout) throws InterruptedException {
        for (String address : addresses) {
            if (!startLine.contains(address)) {
                log().await("a line saying " + address + " joined",
                        line -> line.contains("cluster member joined") && line.contains(address), timeout);
            }
        }
    }

    /** The jar named by the {@code <role>.jar} system property, which must exist. */
    public static Path jar(String role) {
        String property = role + ".jar";
        Path jar = Path.of(System.getProperty(property, "target/" + role + ".jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("node jar " + jar.toAbsolutePath() + " (system property " + property
                    + ") not found: run `mvn -B verify` from the project root (the package phase builds it before"
                    + " the integration tests)");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port free right now, outside the ephemeral range (see {@link org.rtmpcluster.testing.TestNode#freePort}). */
    public static int freePort() throws IOException {
        return org.rtmpcluster.testing.TestNode.freePort();
    }

    /** {@code rtmp://127.0.0.1:<port>/<app>/<name>} for a stream key such as {@code live/test}. */
    public String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + streamKey;
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    /** {@code http://127.0.0.1:<http port><path>}: the node's HTTP API. */
    public String httpUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** The node's cluster id, as its start line gives it ({@code <role> node <id> rtmp ...}). */
    public String nodeId() {
        String afterRole = startLine.substring(startLine.indexOf(role + " node ") + role.length() + 6);
        return afterRole.substring(0, afterRole.indexOf(' '));
    }

    /** {@code 127.0.0.1:<cluster port>}, as the node advertises itself to the cluster. */
    public String clusterAddress() {
        return "127.0.0.1:" + clusterPort;
    }

    /** The line the node logged when it was up, with the cluster members it saw then. */
    public String startLine() {
        return startLine;
    }

    /** The node's log (it logs to stderr). */
    public LineLog log() {
        return process.stderr();
    }

    /** Waits for a log line containing the fragment. */
    public String awaitLog(String fragment, Duration timeout) throws InterruptedException {
        return log().awaitContaining(fragment, timeout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and returns the exit code; fails if the node has not exited within the timeout. */
    public int terminate(Duration timeout) throws InterruptedException {
        int code = process.terminate(timeout);
        endedAs = "exited with " + code + " after the test's SIGTERM";
        return code;
    }

    /** Sends SIGTERM (the node drains, then exits) and returns at once; {@link #awaitExit} for the exit code. */
    public void signalTerm() {
        endedAs = "exited after the test's SIGTERM (a drain)";
        process.signalTerm();
    }

    /** Waits for the node to exit and returns its exit code; fails if it has not within the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** Sends SIGKILL, as a crash or an OOM killer would, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        endedAs = "killed (SIGKILL) by the test";
        process.kill();
    }

    /** How the node ended, then the last lines of its log: for failure messages. */
    String describe() {
        return name + " (" + endedAs + "), rtmp port " + rtmpPort + ", cluster " + clusterAddress()
                + "; its last lines:\n" + log().tail();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            endedAs = "running until the test closed it";
        } else if (endedAs.equals("still running")) {
            endedAs = "EXITED ON ITS OWN with " + process.exitCode() + " before the test closed it";
        }
        process.close();
        closed = true;
        List<String> leaks = log().linesContaining("LEAK:");
        if (!leaks.isEmpty()) {
            throw new AssertionError(name + " reported " + leaks.size() + " leaked buffer(s): " + leaks.get(0));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
