package org.rtmpcluster.edge;

import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.RtmpServerVerticle;
import org.rtmpcluster.server.StreamHost;

/** The edge role: serves players from streams it pulls on demand, and forwards publishes to origins. */
public final class EdgeVerticle extends RtmpServerVerticle {

    public EdgeVerticle(Node node, StreamHost streams) {
        super(node, streams, new EdgeRedirect(node));
    }

    /**
     * The edge's node-wide parts, made once per node and shared by its verticle instances: the stream host it
     * returns, and the rebalancing of players ({@code EDGE_REBALANCE}).
     */
    public static StreamHost streamHost(Node node) {
        EdgeRebalance.startOn(node);
        return new EdgeStreamHost(node.vertx(), node.streams(), node.cluster(), node.options(), node.stats());
    }
}
