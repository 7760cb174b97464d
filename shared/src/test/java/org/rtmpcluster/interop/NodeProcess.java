package org.rtmpcluster.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node run from its packaged jar ({@code java -jar <module>/target/<role>.jar}), as an operator runs it. Each node
 * gets free RTMP, HTTP and cluster ports and a cluster name of its own, so concurrent nodes never meet. The jar is
 * the one failsafe names in the {@code <role>.jar} system property ({@code origin.jar}). Nodes listen on loopback
 * only. Every node a test started is kept until {@link NodeLogsOnFailure} has had the chance to quote its log.
 */
final class NodeProcess implements AutoCloseable {
    /** A cold JVM on a busy two-core CI machine; the node itself starts in a second or two. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final List<NodeProcess> STARTED = new CopyOnWriteArrayList<>();

    private final ChildProcess process;
    private final int rtmpPort;
    /** Set when the node is closed: had it exited before the test closed it, and how. */
    private volatile String endedAs = "still running";

    private NodeProcess(ChildProcess process, int rtmpPort) {
        this.process = process;
        this.rtmpPort = rtmpPort;
        STARTED.add(this);
    }

    /** The nodes started since the last call, forgotten by this call. */
    static List<NodeProcess> takeStarted() {
        List<NodeProcess> started = List.copyOf(STARTED);
        STARTED.removeAll(started);
        return started;
    }

    /** Starts a node of the role on free ports and waits for its start line ({@code <role> node <uuid> rtmp ...}). */
    static NodeProcess start(String role, Path workDir, String... extraFlags) throws IOException, InterruptedException {
        int rtmpPort = freePort();
        List<String> flags = new ArrayList<>(List.of(
                "--bind-host", "127.0.0.1",
                "--rtmp-port", Integer.toString(rtmpPort),
                "--http-port", Integer.toString(freePort()),
                "--cluster-port", Integer.toString(freePort()),
                "--cluster-name", "it-" + UUID.randomUUID()));
        flags.addAll(List.of(extraFlags));
        NodeProcess node = new NodeProcess(launch(role, workDir, flags), rtmpPort);
        try {
            node.log().await(role + " start line", line -> line.contains(role + " node ") && line.contains(" rtmp "),
                    START_TIMEOUT);
        } catch (AssertionError | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Runs the jar with exactly these flags and does not wait for anything: for tests of bad flags. */
    static ChildProcess launch(String role, Path workDir, List<String> flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar(role).toString()));
        command.addAll(flags);
        return ChildProcess.start(role + " node", workDir, command);
    }

    private static Path jar(String role) {
        Path jar = Path.of(System.getProperty(role + ".jar", "target/" + role + ".jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("node jar " + jar.toAbsolutePath() + " not found: run `mvn -B verify` from the"
                    + " project root (the package phase builds it before the integration tests)");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port free right now; the node binds it a moment later, a race no other process here takes part in. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code rtmp://127.0.0.1:<port>/<app>/<name>} for a stream key such as {@code live/test}. */
    String rtmpUrl(String streamKey) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + streamKey;
    }

    /** The node's log (it logs to stderr). */
    LineLog log() {
        return process.stderr();
    }

    /** Waits for a log line containing the fragment. */
    String awaitLog(String fragment, Duration timeout) throws InterruptedException {
        return log().awaitContaining(fragment, timeout);
    }

    /** Sends SIGTERM and returns the exit code; fails if the node has not exited within the timeout. */
    int terminate(Duration timeout) throws InterruptedException {
        int code = process.terminate(timeout);
        endedAs = "exited with " + code + " after the test's SIGTERM";
        return code;
    }

    /** How the node ended, then the last lines of its log: for failure messages. */
    String describe() {
        return process + " (" + endedAs + "), rtmp port " + rtmpPort + "; its last lines:\n" + log().tail();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            endedAs = "running until the test closed it";
        } else if (endedAs.equals("still running")) {
            endedAs = "EXITED ON ITS OWN with " + process.exitCode() + " before the test closed it";
        }
        process.close();
    }
}
