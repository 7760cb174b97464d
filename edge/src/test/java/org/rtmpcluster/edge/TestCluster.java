package org.rtmpcluster.edge;

import org.rtmpcluster.node.Logging;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;
import org.rtmpcluster.origin.OriginVerticle;
import org.rtmpcluster.server.StreamHost;
import org.rtmpcluster.testing.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Origins and edges in this JVM, each a real clustered node on loopback (real sockets, real Hazelcast). */
final class TestCluster implements AutoCloseable {
    final List<Node> origins = new ArrayList<>();
    final List<Node> edges = new ArrayList<>();
    private final String name = "test-" + UUID.randomUUID();
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final List<Node> killed = new ArrayList<>();
    /** Each edge's stream host, for tests that reach into its pulls. */
    private final Map<Node, StreamHost> hosts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts {@code origins} origins then {@code edges} edges; {@code flags} apply to every node. */
    static TestCluster start(int origins, int edges, String... flags) {
        return start(origins, edges, 0, flags);
    }

    /** As {@link #start(int, int, String...)}, leaving room for {@code extraEdges} added later with {@link #addEdge}. */
    static TestCluster start(int origins, int edges, int extraEdges, String... flags) {
        Logging.configure();
        TestCluster c = new TestCluster();
        for (int i = 0; i < origins + edges + extraEdges; i++) {
            c.clusterPorts.add(TestNode.freePort());
        }
        for (int i = 0; i < origins; i++) {
            c.origins.add(c.startNode("origin", i, flags));
        }
        for (int i = 0; i < edges; i++) {
            c.edges.add(c.startNode("edge", origins + i, flags));
        }
        return c;
    }

    /** Starts one more edge with its own flags (e.g. a parent tier). */
    Node addEdge(String... flags) {
        Node edge = startNode("edge", origins.size() + edges.size(), flags);
        edges.add(edge);
        return edge;
    }

    private Node startNode(String role, int index, String... flags) {
        List<String> args = new ArrayList<>(List.of("--rtmp-port", String.valueOf(TestNode.freePort()),
                "--http-port", String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1", "--instances", "2",
                "--cluster-name", name,
                "--cluster-port", String.valueOf(clusterPorts.get(index)), "--cluster-members",
                clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))));
        args.addAll(List.of(flags));
        NodeOptions options = NodeConfig.parse(role, args.toArray(String[]::new), Map.of());
        if (role.equals("origin")) {
            return TestNode.await(Node.start(options, n -> () -> new OriginVerticle(n)));
        }
        return TestNode.await(Node.start(options, n -> {
            StreamHost streams = EdgeVerticle.streamHost(n);
            hosts.put(n, streams);
            return () -> new EdgeVerticle(n, streams);
        }));
    }

    /** The cluster's name (a stranger joining it needs no more than this and a member's address). */
    String name() {
        return name;
    }

    /** host:port of the members' cluster ports, started or not. */
    List<String> memberAddresses() {
        return clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /** The stream host of an edge started here. */
    EdgeStreamHost host(Node edge) {
        return (EdgeStreamHost) hosts.get(edge);
    }

    static int port(Node node) {
        return node.options().rtmpPort();
    }

    static int httpPort(Node node) {
        return node.options().httpPort();
    }

    /** Stops a node the hard way: its cluster membership ends without a goodbye, its sockets close. */
    void kill(Node node) {
        killed.add(node);
        node.cluster().terminate();
        TestNode.await(node.vertx().close());
        // A dead process's memory goes back with it; here the JVM lives on, so give back its streams' buffers.
        node.streams().releaseAll();
    }

    @Override
    public void close() {
        List<Node> all = new ArrayList<>(edges);
        all.addAll(origins);
        all.removeAll(killed);
        for (Node n : all) {
            TestNode.await(n.stop().recover(e -> io.vertx.core.Future.succeededFuture()));
        }
    }
}
