package org.rtmpcluster.edge;

import org.rtmpcluster.node.NodeMain;

/** {@code java -jar edge.jar [flags]}: starts an edge node. */
public final class EdgeMain {
    private EdgeMain() {
    }

    public static void main(String[] args) {
        NodeMain.run("edge", args, node -> () -> new EdgeVerticle(node));
    }
}
