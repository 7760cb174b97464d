package org.rtmpcluster.origin;

import org.rtmpcluster.node.NodeMain;

/** {@code java -jar origin.jar [flags]}: starts an origin node. */
public final class OriginMain {
    private OriginMain() {
    }

    public static void main(String[] args) {
        NodeMain.run("origin", args, node -> () -> new OriginVerticle(node));
    }
}
