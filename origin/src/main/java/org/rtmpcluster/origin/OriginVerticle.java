package org.rtmpcluster.origin;

import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.Authorizer;
import org.rtmpcluster.server.LocalStreamHost;
import org.rtmpcluster.server.RtmpServerVerticle;

/** The origin role: takes publishes and serves players of the streams published here. */
public final class OriginVerticle extends RtmpServerVerticle {

    public OriginVerticle(Node node) {
        super(node.options().rtmpServer(), new LocalStreamHost(node.streams()), Authorizer.ALLOW_ALL, node.stats());
    }
}
