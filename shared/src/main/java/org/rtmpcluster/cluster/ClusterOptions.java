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
 * @param registryTimeoutMillis how long a registry call (claim, release, refresh, lookup, reading the nodes) may
 *                             go unanswered before it fails, instead of waiting out Hazelcast's own retries
 */
public record ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                             boolean liteMember, long joinTimeoutMillis, long registryTimeoutMillis) {
    /** {@code REGISTRY_TIMEOUT_MS}'s default. */
    public static final long DEFAULT_REGISTRY_TIMEOUT_MILLIS = Deadline.DEFAULT_MILLIS;

    public ClusterOptions {
        if (registryTimeoutMillis <= 0) {
            throw new IllegalArgumentException("registry timeout " + registryTimeoutMillis + " ms: above 0");
        }
    }

    /** With the default registry timeout. */
    public ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                          boolean liteMember, long joinTimeoutMillis) {
        this(name, host, port, members, kubernetesServiceDns, liteMember, joinTimeoutMillis,
                DEFAULT_REGISTRY_TIMEOUT_MILLIS);
    }
}
