package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Nodes run from their jars ({@link NodeProcess}) that form one cluster: a cluster name of their own, so concurrent
 * runs never meet, and seed lists naming every node started so far (a node {@link #start}ed with others names all
 * of them), so any node can seed a later one. The first node starts alone and becomes the master; the others start
 * together and join it, and each start line must list the first node as a member (else the nodes formed separate
 * clusters and the test would mean nothing). {@link #startTogether} starts them all at the same moment instead, as
 * a supervisor starting a whole cluster does.
 */
public final class ProcessCluster implements AutoCloseable {
    /** Several JVMs starting at once on a two-core machine share it; the first one then waits for nobody. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final String clusterName = "it-" + UUID.randomUUID();
    private final List<String> members = new ArrayList<>();
    private final List<NodeProcess> nodes = new ArrayList<>();

    /** A node to start: its name for logs and failure messages ("origin A"), its role, and flags of its own. */
    public record Member(String name, String role, List<String> flags) {
        public static Member of(String name, String role, String... flags) {
            return new Member(name, role, List.of(flags));
        }
    }

    private ProcessCluster(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts the members, the first one first, and returns once all are up in one cluster; in the given order. */
    public static ProcessCluster start(Path workDir, Member... planned) throws IOException, InterruptedException {
        ProcessCluster cluster = new ProcessCluster(workDir);
        try {
            List<Integer> ports = cluster.seeds(planned.length);
            NodeProcess first = cluster.launch(planned[0], ports.get(0));
            first.awaitStarted(START_TIMEOUT);
            List<NodeProcess> rest = new ArrayList<>();
            for (int i = 1; i < planned.length; i++) {
                rest.add(cluster.launch(planned[i], ports.get(i)));
            }
            for (NodeProcess node : rest) {
                node.awaitStarted(START_TIMEOUT);
                cluster.checkJoined(node);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Launches every member at the same moment, in the given order (whoever comes first may become the master,
     * an edge included), and returns once all are up and each has seen every other one join. Nodes started together
     * may form clusters apart that merge later; this waits for that too.
     */
    public static ProcessCluster startTogether(Path workDir, Member... planned) throws IOException,
            InterruptedException {
        ProcessCluster cluster = new ProcessCluster(workDir);
        try {
            List<Integer> ports = cluster.seeds(planned.length);
            for (int i = 0; i < planned.length; i++) {
                cluster.launch(planned[i], ports.get(i));
            }
            for (NodeProcess node : cluster.nodes) {
                node.awaitStarted(START_TIMEOUT);
            }
            for (NodeProcess node : cluster.nodes) {
                node.awaitMembers(cluster.members, START_TIMEOUT);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node that joins the running cluster, and waits until it is up. */
    public NodeProcess join(Member member) throws IOException, InterruptedException {
        int port = NodeProcess.freePort();
        members.add("127.0.0.1:" + port);
        NodeProcess node = launch(member, port);
        node.awaitStarted(START_TIMEOUT);
        checkJoined(node);
        return node;
    }

    /** Free cluster ports for {@code count} nodes, each added to the seed list. */
    private List<Integer> seeds(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(NodeProcess.freePort());
            members.add("127.0.0.1:" + ports.get(i));
        }
        return ports;
    }

    private NodeProcess launch(Member member, int clusterPort) throws IOException {
        NodeProcess node = NodeProcess.launchInCluster(member.name(), member.role(), workDir, clusterName,
                clusterPort, List.copyOf(members), member.flags());
        nodes.add(node);
        return node;
    }

    private void checkJoined(NodeProcess node) {
        String master = nodes.get(0).clusterAddress();
        if (!node.startLine().contains(master)) {
            throw new AssertionError(node + " started outside the cluster of " + nodes.get(0) + " (" + master
                    + "): " + node.startLine());
        }
    }

    /** The nodes in the order started ({@link #start}'s order, then each {@link #join}). */
    public List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    public NodeProcess node(int index) {
        return nodes.get(index);
    }

    /** Kills whatever still runs, in reverse order of start. */
    @Override
    public void close() {
        Stream.iterate(nodes.size() - 1, i -> i >= 0, i -> i - 1).map(nodes::get).forEach(NodeProcess::close);
    }
}
