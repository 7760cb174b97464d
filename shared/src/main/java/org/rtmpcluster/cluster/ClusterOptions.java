package org.rtmpcluster.cluster;

import java.util.List;

/**
 * How a node joins its cluster.
 *
 * @param name                 cluster name; members of other clusters are ignored
 * @param host                 address the member binds and advertises
 * @param port                 member port
 * @param members              seed members (host:port) for TCP/IP discovery; empty means just this node
 * @param kubernetesServiceDns headless service to look up for Kubernetes discovery; empty for TCP/IP
 * @param liteMember           a lite member holds no data (edges)
 * @param joinTimeoutMillis    how long a start may take to join a cluster that can serve it (an edge waits this
 *                             long for an origin)
 */
public record ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                             boolean liteMember, long joinTimeoutMillis) {
}
