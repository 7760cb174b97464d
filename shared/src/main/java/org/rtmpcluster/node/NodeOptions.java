package org.rtmpcluster.node;

import org.rtmpcluster.media.StreamOptions;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.server.RtmpServerOptions;

import java.util.List;

/**
 * Everything a node is configured with, validated. Built by {@link NodeConfig} from the environment and flags.
 *
 * @param role           "origin" or "edge"
 * @param rtmpPort       RTMP listen port
 * @param httpPort       HTTP port (API and metrics)
 * @param bindHost       address the listeners bind
 * @param publicHost     address other nodes and redirected players use to reach this node
 * @param clusterName    cluster to join; nodes with another name ignore each other
 * @param clusterHost    address Hazelcast binds and advertises
 * @param clusterPort    Hazelcast port
 * @param clusterMembers seed members (host:port) for TCP/IP discovery
 * @param zone           where the node runs (for nearest-edge routing)
 * @param instances      verticle instances (event loops) serving RTMP
 * @param connection     per-connection bounds
 * @param streams        per-stream bounds
 */
public record NodeOptions(String role, int rtmpPort, int httpPort, String bindHost, String publicHost,
                          String clusterName, String clusterHost, int clusterPort, List<String> clusterMembers,
                          String zone, int instances, ConnectionOptions connection, StreamOptions streams) {

    public RtmpServerOptions rtmpServer() {
        return new RtmpServerOptions(bindHost, rtmpPort, connection, streams.playerMaxLagMillis());
    }

    /** host:port other nodes use for this node's RTMP. */
    public String rtmpAddress() {
        return publicHost + ":" + rtmpPort;
    }
}
