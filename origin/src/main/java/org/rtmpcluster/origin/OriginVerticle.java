package org.rtmpcluster.origin;

import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.ConnectRedirect;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.server.StreamHost;

/**
 * The origin role: takes publishes, claims them in the cluster registry, and serves players and edges the streams
 * published here. A standalone node (no cluster) serves its own streams only.
 */
public final class OriginVerticle extends RtmpServerVerticle {

    public OriginVerticle(Node node) {
        super(node, streamHost(node), ConnectRedirect.NONE);
    }

    private static StreamHost streamHost(Node node) {
        return node.cluster() == null ? new LocalStreamHost(node.streams())
                : new OriginStreamHost(node.vertx(), node.streams(), node.cluster(), node.options().rtmpAddress());
    }
}
