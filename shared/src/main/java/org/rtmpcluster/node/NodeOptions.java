package org.rtmpcluster.node;

import org.rtmpcluster.auth.AuthOptions;
import org.rtmpcluster.budget.BudgetOptions;
import org.rtmpcluster.media.StreamOptions;
import org.rtmpcluster.metering.EventsOptions;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.server.RtmpServerOptions;

import org.rtmpcluster.cluster.ClusterOptions;
import org.rtmpcluster.http.HttpOptions;
import org.rtmpcluster.routing.RoutingOptions;

/**
 * Everything a node is configured with, validated. Built by {@link NodeConfig} from the environment and flags.
 *
 * @param role           "origin" or "edge"
 * @param rtmpPort       RTMP listen port
 * @param httpPort       HTTP port (API and metrics)
 * @param bindHost       address the listeners bind
 * @param publicHost     address other nodes and redirected players use to reach this node
 * @param cluster        how the node joins the cluster
 * @param zone           where the node runs (for nearest-edge routing)
 * @param instances      verticle instances (event loops) serving RTMP
 * @param connection     per-connection bounds
 * @param streams        per-stream bounds
 * @param edge           how an edge pulls
 * @param metricsStreamLabelsMax how many streams get labelled series of their own in /metrics (0: none)
 * @param drainTimeoutMillis     how long a draining node lets connections stay before it closes them
 * @param routing                how the node tells a player's zone ({@code /api/v1/locate}, redirects)
 * @param clientAddress          host:port that players and publishers sent here dial (locate, redirects, reconnect
 *                               requests): {@link #rtmpAddress()} unless clients reach the node elsewhere (a host
 *                               port, a node port, a public address mapped to it)
 * @param budgets                node-wide bounds: memory held for peers, connections
 * @param connectTimeoutMillis   time from a handshake's end to the client's {@code connect}
 * @param http                   what the HTTP server takes on at most (connections, sizes, rates, queries)
 * @param auth                   who may publish and play ({@code AUTH_*})
 * @param events                 where publishes and plays are reported for metering ({@code EVENTS_*})
 */
public record NodeOptions(String role, int rtmpPort, int httpPort, String bindHost, String publicHost,
                          ClusterOptions cluster, String zone, int instances, ConnectionOptions connection,
                          StreamOptions streams, EdgeOptions edge, int metricsStreamLabelsMax,
                          long drainTimeoutMillis, RoutingOptions routing, String clientAddress,
                          BudgetOptions budgets, long connectTimeoutMillis, HttpOptions http, AuthOptions auth,
                          EventsOptions events) {

    public NodeOptions {
        if (clientAddress == null || clientAddress.isEmpty()) {
            clientAddress = publicHost + ":" + rtmpPort;
        }
    }

    public RtmpServerOptions rtmpServer() {
        return new RtmpServerOptions(bindHost, rtmpPort, connection, streams.playerMaxLagMillis(),
                connectTimeoutMillis);
    }

    /** host:port other nodes use for this node's RTMP. */
    public String rtmpAddress() {
        return publicHost + ":" + rtmpPort;
    }

    /** host:port where this node's HTTP API answers. */
    public String httpAddress() {
        return publicHost + ":" + httpPort;
    }
}
