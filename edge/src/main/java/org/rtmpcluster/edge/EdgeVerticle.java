package org.rtmpcluster.edge;

import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.Authorizer;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;

/** The edge role: serves players. Until the cluster registry lands it serves streams published to it directly. */
public final class EdgeVerticle extends RtmpServerVerticle {

    public EdgeVerticle(Node node) {
        super(node.options().rtmpServer(), new LocalStreamHost(node.streams()), Authorizer.ALLOW_ALL, node.stats());
    }
}
