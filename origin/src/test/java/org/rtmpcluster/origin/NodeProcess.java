package org.rtmpcluster.origin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A node run from its packaged jar ({@code java -jar <module>/target/<role>.jar}), as an operator runs it. Each node
 * gets free RTMP, HTTP and cluster ports and a cluster name of its own, so concurrent nodes never meet. The jar is
 * the one failsafe names in the {@code node.jar} system property. Nodes listen on loopback only.
 */
final class NodeProcess implements AutoCloseable {
    /** A cold JVM on a busy two-core CI machine; the node itself starts in about a second. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcess process;
    private final int rtmpPort;

    private NodeProcess(ChildProcess process, int rtmpPort) {
        this.process = process;
        this.rtmpPort = rtmpPort;
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
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
        command.addAll(flags);
        return ChildProcess.start(role + " node", workDir, command);
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("node.jar", "target/origin.jar"));
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
        return process.terminate(timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}
