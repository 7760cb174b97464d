package org.rtmpcluster.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeProcess;

/**
 * {@code deploy/local-cluster.sh}, as the README tells a newcomer to run it: it starts an origin and an edge that
 * carry a stream from one to the other, and Ctrl-C (SIGINT to its process group, as a terminal sends it) stops
 * both nodes within 10 s, leaving no java process behind.
 */
class LocalClusterScriptIT {
    private static final Duration NODES_START = Duration.ofSeconds(60);
    private static final Duration MEDIA_ARRIVES = Duration.ofSeconds(20);
    private static final Duration CTRL_C_LIMIT = Duration.ofSeconds(10);

    @Test
    @Timeout(120)
    void startsAnOriginAndAnEdgeThatCarryAStreamAndCtrlCStopsBoth(@TempDir Path work) throws Exception {
        Clients.requireInstalled("ffmpeg");
        Path root = Path.of(System.getProperty("project.root", "..")).toRealPath();
        Path script = root.resolve("deploy/local-cluster.sh");
        assertTrue(Files.isRegularFile(script), "no script at " + script);
        Path source = Media.makeTestFlv(work);
        int originPort = NodeProcess.freePort();
        int edgePort = NodeProcess.freePort();
        String clusterName = "it-" + UUID.randomUUID();
        Map<String, String> env = Map.of(
                "ORIGIN_RTMP_PORT", Integer.toString(originPort),
                "EDGE_RTMP_PORT", Integer.toString(edgePort),
                "ORIGIN_HTTP_PORT", Integer.toString(NodeProcess.freePort()),
                "EDGE_HTTP_PORT", Integer.toString(NodeProcess.freePort()),
                "ORIGIN_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()),
                "EDGE_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()),
                // No flag in the script sets it, so the nodes take it from the environment: a cluster of our own.
                "CLUSTER_NAME", clusterName);

        List<ProcessHandle> nodes = new ArrayList<>();
        // setsid: the script leads a process group of its own, so the SIGINT below reaches it and its children
        // (what a terminal's Ctrl-C does) and never the test JVM.
        try (ChildProcess cluster = ChildProcess.start("local-cluster.sh", root,
                List.of("setsid", "bash", script.toString()), env)) {
            String originStart = cluster.stdout().await("the origin's start line",
                    line -> line.startsWith("[origin]") && line.contains("origin node "), NODES_START);
            String edgeStart = cluster.stdout().await("the edge's start line",
                    line -> line.startsWith("[edge]") && line.contains("edge node "), NODES_START);
            assertTrue(originStart.contains(":" + originPort + " ") && originStart.contains("cluster " + clusterName),
                    "the origin should serve RTMP on ORIGIN_RTMP_PORT " + originPort + " in cluster " + clusterName
                            + ": " + originStart);
            assertTrue(edgeStart.contains(":" + edgePort + " ") && edgeStart.contains("cluster " + clusterName),
                    "the edge should serve RTMP on EDGE_RTMP_PORT " + edgePort + " in cluster " + clusterName + ": "
                            + edgeStart);
            nodes.add(javaRunning(cluster, "origin.jar"));
            nodes.add(javaRunning(cluster, "edge.jar"));

            String key = "live/local-cluster";
            try (ChildProcess publisher = Clients.publishForever(work, source,
                    "rtmp://127.0.0.1:" + originPort + "/" + key)) {
                cluster.stdout().awaitContaining("publish started " + key, MEDIA_ARRIVES);
                try (ChildProcess player = Clients.playToNowhere(work, "rtmp://127.0.0.1:" + edgePort + "/" + key)) {
                    player.stdout().await("1 s of video played from the edge",
                            Clients.framesAtLeast(Media.FRAMES_PER_SECOND), MEDIA_ARRIVES);
                }
                assertTrue(publisher.isAlive(), "the publisher to the origin should still be publishing; its"
                        + " stderr:\n" + publisher.stderr().tail());
            }
            cluster.stdout().awaitContaining("pulling " + key + " from 127.0.0.1:" + originPort, MEDIA_ARRIVES);

            long processGroup = processGroupOf(cluster.pid());
            assertEquals(cluster.pid(), processGroup, "setsid should have made the script a process group leader");
            long sent = System.nanoTime();
            try (ChildProcess kill = ChildProcess.start("kill -INT -" + processGroup, work,
                    List.of("kill", "-INT", "--", "-" + processGroup))) {
                kill.awaitCleanExit(Duration.ofSeconds(5));
            }
            for (ProcessHandle node : nodes) {
                long left = CTRL_C_LIMIT.toNanos() - (System.nanoTime() - sent);
                try {
                    node.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    fail("java process " + node.pid() + " (" + node.info().commandLine().orElse("?") + ") still"
                            + " running " + CTRL_C_LIMIT.toMillis() + " ms after SIGINT to the script's process"
                            + " group; the script's output:\n" + cluster.stdout().tail());
                }
            }
            System.out.println("MEASURED local-cluster.sh: SIGINT -> both nodes gone in "
                    + Duration.ofNanos(System.nanoTime() - sent).toMillis() + " ms");
            cluster.awaitExit(CTRL_C_LIMIT);
        } finally {
            nodes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The java process running the jar that the script started. */
    private static ProcessHandle javaRunning(ChildProcess script, String jar) {
        Optional<ProcessHandle> found = script.handle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(jar)).findFirst();
        return found.orElseThrow(() -> new AssertionError("no process running " + jar + " among the script's"
                + " descendants: " + script.handle().descendants().map(p -> p.pid() + " "
                        + p.info().commandLine().orElse("?")).toList()));
    }

    /** Field 5 of /proc/PID/stat, after the parenthesised command name (which may contain spaces). */
    private static long processGroupOf(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterName[2]);
    }
}
