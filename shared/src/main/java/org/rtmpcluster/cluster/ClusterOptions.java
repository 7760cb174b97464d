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
 * @param secret               {@code CLUSTER_SECRET}: what members share and strangers do not (links between nodes,
 *                             members' proofs, signed records); empty for none
 */
public record ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                             boolean liteMember, long joinTimeoutMillis, long registryTimeoutMillis, String secret) {
    /** A shorter cluster secret is guessable offline from one signed value. */
    public static final int MIN_SECRET_BYTES = 16;
    /** {@code REGISTRY_TIMEOUT_MS}'s default. */
    public static final long DEFAULT_REGISTRY_TIMEOUT_MILLIS = Deadline.DEFAULT_MILLIS;

    public ClusterOptions {
        if (registryTimeoutMillis <= 0) {
            throw new IllegalArgumentException("registry timeout " + registryTimeoutMillis + " ms: above 0");
        }
        secret = secret == null ? "" : secret;
        if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("CLUSTER_SECRET is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
    }

    /** Without a cluster secret. */
    public ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                          boolean liteMember, long joinTimeoutMillis, long registryTimeoutMillis) {
        this(name, host, port, members, kubernetesServiceDns, liteMember, joinTimeoutMillis, registryTimeoutMillis,
                "");
    }

    public boolean hasSecret() {
        return !secret.isEmpty();
    }

    /** With the default registry timeout. */
    public ClusterOptions(String name, String host, int port, List<String> members, String kubernetesServiceDns,
                          boolean liteMember, long joinTimeoutMillis) {
        this(name, host, port, members, kubernetesServiceDns, liteMember, joinTimeoutMillis,
                DEFAULT_REGISTRY_TIMEOUT_MILLIS);
    }
}
