package org.rtmpcluster.edge;

import org.rtmpcluster.node.NodeMain;
import org.rtmpcluster.server.StreamHost;

/** {@code java -jar edge.jar [flags]}: starts an edge node. */
public final class EdgeMain {
    private EdgeMain() {
    }

    public static void main(String[] args) {
        NodeMain.run("edge", args, node -> {
            StreamHost streams = EdgeVerticle.streamHost(node);
            return () -> new EdgeVerticle(node, streams);
        });
    }
}
