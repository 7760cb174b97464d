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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeProcess;

/**
 * {@code deploy/local-cluster.sh}, as the README tells a newcomer to run it: it starts an origin and an edge that
 * carry a stream from one to the other, and Ctrl-C (SIGINT to its process group, as a terminal sends it) stops
 * both nodes within 10 s, leaving no java process behind; so does a signal at any moment of its start-up.
 *
 * <p>The script runs as a terminal's shell runs a foreground job: in a process group of its own, with SIGINT at its
 * default. A test JVM that Maven started in the background of a non-interactive shell inherits SIGINT ignored, and
 * bash cannot trap a signal that was ignored when it started: its trap would never run.
 */
class LocalClusterScriptIT {
    private static final Duration NODES_START = Duration.ofSeconds(60);
    private static final Duration MEDIA_ARRIVES = Duration.ofSeconds(20);
    private static final Duration CTRL_C_LIMIT = Duration.ofSeconds(10);

    @Test
    @Timeout(120)
    void startsAnOriginAndAnEdgeThatCarryAStreamAndCtrlCStopsBoth(@TempDir Path work) throws Exception {
        Clients.requireInstalled("ffmpeg");
        Path script = script();
        Path source = Media.makeTestFlv(work);
        int originPort = NodeProcess.freePort();
        int edgePort = NodeProcess.freePort();
        String clusterName = "it-" + UUID.randomUUID();
        Map<String, String> env = environment(originPort, edgePort, clusterName);

        List<ProcessHandle> nodes = new ArrayList<>();
        try (ChildProcess cluster = startScript(script, env)) {
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

            long sent = System.nanoTime();
            Signal.CTRL_C.send(cluster, work);
            awaitAllGone(cluster, env, sent, "SIGINT to the script's process group");
            System.out.println("MEASURED local-cluster.sh: SIGINT -> script and both nodes gone in "
                    + Duration.ofNanos(System.nanoTime() - sent).toMillis() + " ms");
        } finally {
            nodes.forEach(ProcessHandle::destroyForcibly);
            nodesOf(env).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A moment of the script's start-up, as the test can see it. */
    enum Moment {
        /** The origin's JVM runs, its RTMP port is not open yet: the script waits for it, the edge is not started. */
        ORIGIN_STARTING,
        /** The origin logged its start; the script is starting the edge, or about to. */
        ORIGIN_STARTED,
        /** The edge's JVM runs and has not joined yet. */
        EDGE_STARTING
    }

    /** How the script is told to stop: Ctrl-C in its terminal, or SIGTERM to the script alone (kill, a supervisor). */
    enum Signal {
        CTRL_C, TERM;

        void send(ChildProcess script, Path work) throws Exception {
            long processGroup = processGroupOf(script.pid());
            assertEquals(script.pid(), processGroup, "setsid should have made the script a process group leader");
            List<String> kill = this == CTRL_C ? List.of("kill", "-INT", "--", "-" + processGroup)
                    : List.of("kill", "-TERM", Long.toString(script.pid()));
            try (ChildProcess sent = ChildProcess.start(String.join(" ", kill), work, kill)) {
                sent.awaitCleanExit(Duration.ofSeconds(5));
            }
        }
    }

    @ParameterizedTest(name = "{1} while {0}")
    @MethodSource("momentsAndSignals")
    @Timeout(120)
    void aSignalDuringStartUpStopsWhatStartedAndStartsNothingMore(Moment moment, Signal signal, @TempDir Path work)
            throws Exception {
        Map<String, String> env = environment(NodeProcess.freePort(), NodeProcess.freePort(),
                "it-" + UUID.randomUUID());
        try (ChildProcess cluster = startScript(script(), env)) {
            if (moment != Moment.ORIGIN_STARTING) {
                cluster.stdout().await("the origin's start line",
                        line -> line.startsWith("[origin]") && line.contains("origin node "), NODES_START);
            }
            if (moment == Moment.EDGE_STARTING) {
                awaitJava(cluster, "edge.jar");
            }
            long sent = System.nanoTime();
            signal.send(cluster, work);
            awaitAllGone(cluster, env, sent, signal + " while " + moment);
            cluster.stdout().awaitContaining("stopping...", CTRL_C_LIMIT); // read by another thread: awaited
        } finally {
            nodesOf(env).forEach(ProcessHandle::destroyForcibly);
        }
    }

    static Stream<Arguments> momentsAndSignals() {
        return Stream.of(Moment.values()).flatMap(m -> Stream.of(Signal.values()).map(s -> Arguments.of(m, s)));
    }

    private static Path script() throws java.io.IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toRealPath();
        Path script = root.resolve("deploy/local-cluster.sh");
        assertTrue(Files.isRegularFile(script), "no script at " + script);
        return script;
    }

    private static Map<String, String> environment(int originPort, int edgePort, String clusterName)
            throws java.io.IOException {
        return Map.of(
                "ORIGIN_RTMP_PORT", Integer.toString(originPort),
                "EDGE_RTMP_PORT", Integer.toString(edgePort),
                "ORIGIN_HTTP_PORT", Integer.toString(NodeProcess.freePort()),
                "EDGE_HTTP_PORT", Integer.toString(NodeProcess.freePort()),
                "ORIGIN_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()),
                "EDGE_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()),
                // No flag in the script sets it, so the nodes take it from the environment: a cluster of our own.
                "CLUSTER_NAME", clusterName);
    }

    /**
     * Starts the script as a terminal starts a foreground job. setsid: it leads a process group of its own, so a
     * SIGINT to the group reaches it and its children and never the test JVM. env --default-signal: SIGINT is not
     * ignored, whatever this JVM inherited (checked, since a trap on an ignored signal silently never runs).
     */
    private static ChildProcess startScript(Path script, Map<String, String> env) throws Exception {
        ChildProcess cluster = ChildProcess.start("local-cluster.sh", script.getParent().getParent(),
                List.of("env", "--default-signal=INT", "setsid", "bash", script.toString()), env);
        try {
            awaitJava(cluster, "origin.jar");
            assertTrue(!ignores(cluster.pid(), 2), "the script should start with SIGINT at its default");
        } catch (AssertionError | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Whether /proc/PID/status lists {@code signal} as ignored. */
    private static boolean ignores(long pid, int signal) throws java.io.IOException {
        String mask = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        return new java.math.BigInteger(mask, 16).testBit(signal - 1);
    }

    /**
     * Waits for the script to exit, then for every node of this run to be gone, all within {@link #CTRL_C_LIMIT} of
     * the signal. The script first: while it runs it could still start a node. Nodes are found by their cluster
     * ports, so that one the script left behind is found even once it is no longer the script's child.
     */
    private static void awaitAllGone(ChildProcess cluster, Map<String, String> env, long sentNanos, String what)
            throws Exception {
        long deadline = sentNanos + CTRL_C_LIMIT.toNanos();
        try {
            cluster.handle().onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            fail("the script still running " + CTRL_C_LIMIT.toMillis() + " ms after " + what + "; nodes: "
                    + nodesOf(env).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()
                    + "; its output:\n" + cluster.stdout().tail());
        }
        for (ProcessHandle node : nodesOf(env).toList()) {
            try {
                node.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                fail("java process " + node.pid() + " (" + node.info().commandLine().orElse("?") + ") still"
                        + " running " + CTRL_C_LIMIT.toMillis() + " ms after " + what + "; the script's output:\n"
                        + cluster.stdout().tail());
            }
        }
    }

    /** The node processes of this run, wherever they are in the process tree: by their cluster ports. */
    private static Stream<ProcessHandle> nodesOf(Map<String, String> env) {
        List<String> ports = List.of("--cluster-port " + env.get("ORIGIN_CLUSTER_PORT") + " ",
                "--cluster-port " + env.get("EDGE_CLUSTER_PORT") + " ");
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains("java") && ports.stream().anyMatch(line::contains);
        });
    }

    /** Waits for the script to have started the java process that runs {@code jar}. */
    private static ProcessHandle awaitJava(ChildProcess script, String jar) throws InterruptedException {
        long deadline = System.nanoTime() + NODES_START.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = script.handle().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(jar)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!script.isAlive()) {
                break;
            }
            Thread.sleep(20); // polling the process table, which no event announces
        }
        // env --default-signal needs GNU coreutils 8.31 or later: env's complaint would be on stderr.
        throw new AssertionError("no process running " + jar + " among the script's descendants; its output:\n"
                + script.stdout().tail() + "\nits stderr:\n" + script.stderr().tail());
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
