package org.rtmpcluster.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.StartFailureLines;

/** How the origin jar starts and stops as a process: bad configuration, a start that fails, and SIGTERM. */
@ExtendWith(NodeLogsOnFailure.class)
class OriginLifecycleIT {
    /** After the drain: closing connections, the registry record and the membership. */
    private static final Duration SIGTERM_LIMIT = Duration.ofSeconds(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    /** A cold JVM on a busy machine, and closing the little that was started. */
    private static final Duration FAILED_START_LIMIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--no-such-flag, 1, --no-such-flag",
        "--rtmp-port, not-a-port, not-a-port",
        "--rtmp-port, 65536, 65536",
    })
    @Timeout(60)
    void badFlagExitsWithCode2(String flag, String value, String mentioned, @TempDir Path dir) throws Exception {
        try (ChildProcess node = NodeProcess.launch("origin", dir, List.of(flag, value))) {
            int code = node.awaitExit(NodeProcess.START_TIMEOUT);
            assertEquals(2, code, "exit code for " + flag + " " + value + "; stderr:\n" + node.stderr().tail());
            String line = StartFailureLines.onlyComplaint(node);
            assertTrue(line.contains(mentioned), "the line should name '" + mentioned + "': " + line);
        }
    }

    /** A port another process holds: the node says which in one line and exits 1 at once, for its supervisor. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--cluster-port", "--rtmp-port"})
    @Timeout(60)
    void portAlreadyTakenExitsOneWithOneLineNamingIt(String portFlag, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(NodeProcess.freePort(), 50, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            List<String> flags = new ArrayList<>(List.of("--bind-host", "127.0.0.1", "--cluster-name",
                    "it-" + UUID.randomUUID(), "--rtmp-port", Integer.toString(NodeProcess.freePort()),
                    "--cluster-port", Integer.toString(NodeProcess.freePort())));
            flags.addAll(List.of(portFlag, port)); // later flags win
            try (ChildProcess node = NodeProcess.launch("origin", dir, flags)) {
                long start = System.nanoTime();
                int code = node.awaitExit(NodeProcess.START_TIMEOUT);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(1, code, "exit code with " + portFlag + " " + port + " taken; stderr:\n"
                        + node.stderr().tail());
                String line = StartFailureLines.onlyComplaint(node);
                assertTrue(line.startsWith("origin: failed to start: ") && line.contains(port),
                        "the line should name port " + port + ": " + line);
                assertTrue(took.compareTo(FAILED_START_LIMIT) < 0, "exit took " + took.toMillis() + " ms, limit "
                        + FAILED_START_LIMIT.toMillis() + " ms");
            }
        }
    }

    @Test
    @Timeout(60)
    void sigtermDrainsThenExitsZero(@TempDir Path dir) throws Exception {
        Clients.requireInstalled("ffmpeg");
        Path source = Media.makeTestFlv(dir);
        String key = "live/sigterm";
        // ffmpeg does not announce Enhanced RTMP reconnect: both stay through the drain, closed at its timeout.
        try (NodeProcess origin = NodeProcess.start("origin", dir, "--drain-timeout-ms",
                String.valueOf(DRAIN_TIMEOUT.toMillis()));
                ChildProcess publisher = Clients.publishForever(dir, source, origin.rtmpUrl(key))) {
            origin.awaitLog("publish started " + key + " from", Duration.ofSeconds(15));
            try (ChildProcess player = Clients.playToNowhere(dir, origin.rtmpUrl(key))) {
                player.stdout().await("a played frame", line -> line.matches("frame=[1-9][0-9]*"),
                        Duration.ofSeconds(20));
                assertTrue(publisher.isAlive(), "the publisher must still be connected when SIGTERM is sent; its"
                        + " stderr:\n" + publisher.stderr().tail());

                long start = System.nanoTime();
                int code = origin.terminate(Duration.ofSeconds(30));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertEquals(0, code, "exit code after SIGTERM with a publisher and a player connected; node log:\n"
                        + origin.log().tail());
                assertTrue(took.compareTo(DRAIN_TIMEOUT.plus(SIGTERM_LIMIT)) < 0, "SIGTERM to exit took "
                        + took.toMillis() + " ms, limit " + DRAIN_TIMEOUT.plus(SIGTERM_LIMIT).toMillis()
                        + " ms; node log:\n" + origin.log().tail());
                assertTrue(took.compareTo(DRAIN_TIMEOUT) >= 0, "exited " + took.toMillis() + " ms after SIGTERM,"
                        + " before the drain timeout, with a publisher and a player connected");
            }
        }
    }

    /**
     * Direct memory that runs out anyway (the budget set far over what the JVM may take): the node logs one line
     * and exits 3, as the launcher's -XX:+ExitOnOutOfMemoryError does for the heap, instead of staying up broken.
     */
    @Test
    @Timeout(90)
    void directMemoryThatRunsOutEndsTheNodeWithOneLineAndExitCode3(@TempDir Path dir) throws Exception {
        Clients.requireInstalled("ffmpeg");
        int rtmpPort = NodeProcess.freePort();
        List<String> flags = List.of("--bind-host", "127.0.0.1", "--cluster-name", "it-" + UUID.randomUUID(),
                "--rtmp-port", Integer.toString(rtmpPort), "--http-port", Integer.toString(NodeProcess.freePort()),
                "--cluster-port", Integer.toString(NodeProcess.freePort()),
                "--memory-budget-bytes", Long.toString(1L << 30), "--gop-cache-max-bytes", Integer.toString(1 << 28));
        try (ChildProcess node = NodeProcess.launch("origin", dir, flags,
                java.util.Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxDirectMemorySize=32m"))) {
            node.stderr().await("the start line", line -> line.contains("origin node "), NodeProcess.START_TIMEOUT);
            // Lossless 1080p frames with no keyframe after the first: the GOP cache grows past 32 MB in seconds.
            try (ChildProcess publisher = ChildProcess.start("ffmpeg", dir, List.of("ffmpeg", "-hide_banner",
                    "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30", "-c:v", "libx264",
                    "-preset", "ultrafast", "-qp", "0", "-g", "100000", "-t", "60", "-f", "flv",
                    "rtmp://127.0.0.1:" + rtmpPort + "/live/oom"))) {
                int code = node.awaitExit(Duration.ofSeconds(60));
                assertEquals(3, code, "exit code once direct memory ran out; stderr:\n" + node.stderr().tail());
                assertTrue(node.stderr().tail().contains("node out of memory, exiting for a restart"),
                        "one line saying why: " + node.stderr().tail());
            }
        }
    }
}
