package org.rtmpcluster.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;

/** How the origin jar starts and stops as a process: bad configuration and SIGTERM. */
@ExtendWith(NodeLogsOnFailure.class)
class OriginLifecycleIT {
    private static final Duration SIGTERM_LIMIT = Duration.ofSeconds(10);

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
            // "Picked up JAVA_TOOL_OPTIONS" and the like come from the JVM, not the node.
            List<String> stderr = node.stderr().lines().stream().filter(l -> !l.startsWith("Picked up ")).toList();
            assertEquals(2, code, "exit code for " + flag + " " + value + "; stderr:\n" + node.stderr().tail());
            assertEquals(1, stderr.size(), "a bad flag should print exactly one line on stderr, got:\n"
                    + node.stderr().tail());
            assertTrue(stderr.get(0).contains(mentioned), "the line should name '" + mentioned + "': "
                    + stderr.get(0));
        }
    }

    @Test
    @Timeout(60)
    void sigtermExitsZeroWithinTenSeconds(@TempDir Path dir) throws Exception {
        Clients.requireInstalled("ffmpeg");
        Path source = Media.makeTestFlv(dir);
        String key = "live/sigterm";
        try (NodeProcess origin = NodeProcess.start("origin", dir);
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
                assertTrue(took.compareTo(SIGTERM_LIMIT) < 0, "SIGTERM to exit took " + took.toMillis()
                        + " ms, limit " + SIGTERM_LIMIT.toMillis() + " ms; node log:\n" + origin.log().tail());
            }
        }
    }
}
