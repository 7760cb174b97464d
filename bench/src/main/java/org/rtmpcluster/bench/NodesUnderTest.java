package org.rtmpcluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * The origin and the edge a soak runs against, as processes, and what the soak reads of them: whether they live,
 * their resident memory, heap after GC and threads ({@link JvmProbe}), their open files, the edge's upstream
 * connections to the origin by stream key ({@link TcpConnections}, {@link OriginPlays}), the stream registry
 * ({@link RegistryProbe}), and the lines their logs add (leaks, warnings). Used from one thread.
 */
final class NodesUnderTest implements AutoCloseable {
    private static final long REGISTRY_TIMEOUT_MILLIS = 10_000;
    private static final String NO_PLAY = "(no play logged)";

    private final long originPid;
    private final long edgePid;
    private final int originRtmpPort;
    private final JvmProbe originJvm;
    private final JvmProbe edgeJvm;
    private final RegistryProbe registry;
    private final LogTail originLog;
    private final LogTail edgeLog;
    private final OriginPlays originPlays = new OriginPlays();
    private final List<String> unreported = new ArrayList<>();
    private long warnings;
    private String firstWarning;

    /** The edge's upstreams at one moment: by the key the origin says each plays, and those it has not said yet. */
    record Upstreams(Map<String, Integer> byKey, int unmapped) {
        int total() {
            return byKey.values().stream().mapToInt(Integer::intValue).sum() + unmapped;
        }
    }

    private NodesUnderTest(long originPid, long edgePid, int originRtmpPort, JvmProbe originJvm, JvmProbe edgeJvm,
                           RegistryProbe registry, LogTail originLog, LogTail edgeLog) {
        this.originPid = originPid;
        this.edgePid = edgePid;
        this.originRtmpPort = originRtmpPort;
        this.originJvm = originJvm;
        this.edgeJvm = edgeJvm;
        this.registry = registry;
        this.originLog = originLog;
        this.edgeLog = edgeLog;
    }

    /** Attaches to both JVMs and joins their cluster as a lite member. */
    static NodesUnderTest attach(long originPid, long edgePid, int originRtmpPort, LogTail originLog,
                                 LogTail edgeLog, String clusterName, int probePort, List<String> members)
            throws IOException {
        JvmProbe origin = JvmProbe.attach(originPid);
        JvmProbe edge = null;
        try {
            edge = JvmProbe.attach(edgePid);
            return new NodesUnderTest(originPid, edgePid, originRtmpPort, origin, edge,
                    RegistryProbe.join(clusterName, "127.0.0.1", probePort, members), originLog, edgeLog);
        } catch (IOException | RuntimeException e) {
            origin.close();
            if (edge != null) {
                edge.close();
            }
            throw e;
        }
    }

    /** Fails with {@link NodeGone} if either node's process has ended. */
    void checkAlive() {
        for (long pid : List.of(originPid, edgePid)) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new NodeGone((pid == originPid ? "origin" : "edge") + " process " + pid + " died");
            }
        }
    }

    /**
     * The edge's upstream connections now, each mapped to its key. The connections are read first, then the
     * origin's log, so each one's play line is read if the origin has written it by then.
     */
    Upstreams upstreams() {
        List<TcpConnections.Connection> held = connectionsToOrigin();
        readLogs();
        Map<String, Integer> byKey = new TreeMap<>();
        int unmapped = 0;
        for (TcpConnections.Connection c : held) {
            String key = originPlays.keyOf(c.localPort());
            if (key == null) {
                unmapped++;
            } else {
                byKey.merge(key, 1, Integer::sum);
            }
        }
        return new Upstreams(byKey, unmapped);
    }

    /** The edge's upstreams now by key, those with no play logged under one name: for a failure message. */
    Map<String, Integer> upstreamsByKeyOrUnknown() {
        Map<String, Integer> byKey = new TreeMap<>();
        connectionsToOrigin().forEach(c -> byKey.merge(Objects.requireNonNullElse(originPlays.keyOf(c.localPort()),
                NO_PLAY), 1, Integer::sum));
        return byKey;
    }

    int upstreamCount() {
        return connectionsToOrigin().size();
    }

    private List<TcpConnections.Connection> connectionsToOrigin() {
        try {
            return TcpConnections.of(edgePid, originRtmpPort).connections();
        } catch (UncheckedIOException e) {
            throw new NodeGone("edge process " + edgePid + " died: " + e.getMessage());
        }
    }

    /** The origin's figures; {@code connections} of its open files are ones the soak accounts for. */
    SoakSample.Node origin(int connections) {
        return figures(originPid, originJvm, connections);
    }

    /** The edge's figures; {@code connections} of its open files are ones the soak accounts for. */
    SoakSample.Node edge(int connections) {
        return figures(edgePid, edgeJvm, connections);
    }

    private static SoakSample.Node figures(long pid, JvmProbe jvm, int connections) {
        try {
            long rss = ProcessSample.of(List.of(pid)).rssKb();
            return new SoakSample.Node(rss, jvm.heapAfterFullGcBytes(), jvm.threads(),
                    TcpConnections.openFiles(pid) - connections);
        } catch (UncheckedIOException e) {
            throw new NodeGone("node process " + pid + " died: " + e.getMessage());
        }
    }

    /** The registry now; fails with {@link IllegalStateException} if the cluster does not answer in time. */
    RegistryProbe.Snapshot registry() {
        try {
            return registry.read(REGISTRY_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the registry did not answer within " + REGISTRY_TIMEOUT_MILLIS + " ms");
        }
    }

    /** The Netty leak reports the nodes logged since the last call, each prefixed with its node. */
    List<String> newLeaks() {
        readLogs();
        List<String> leaks = List.copyOf(unreported);
        unreported.clear();
        return leaks;
    }

    /** Reads what both logs added: the origin's plays, leak reports (kept for {@link #newLeaks}), warnings. */
    private void readLogs() {
        List<String> originLines = originLog.newLines();
        originPlays.read(originLines);
        scan("origin", originLines);
        scan("edge", edgeLog.newLines());
    }

    private void scan(String node, List<String> lines) {
        for (String line : lines) {
            if (line.contains("LEAK:")) {
                unreported.add(node + " log: " + line.trim());
            } else if (ServerLog.PROBLEM.matcher(line).find()) {
                warnings++;
                if (firstWarning == null) {
                    firstWarning = node + ": " + line.trim();
                }
            }
        }
    }

    /** Lines at warning level or above the nodes logged, and the first of them (null if none). */
    long warnings() {
        return warnings;
    }

    String firstWarning() {
        return firstWarning;
    }

    @Override
    public void close() {
        originJvm.close();
        edgeJvm.close();
        registry.close();
    }

    /** A node process is gone: the soak stops there and fails. */
    static final class NodeGone extends RuntimeException {
        NodeGone(String message) {
            super(message, null, false, false);
        }
    }
}
