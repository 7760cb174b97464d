package org.rtmpcluster.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.rtmpcluster.http.HttpApi;
import org.rtmpcluster.node.ConfigException;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The node's container against the code it runs: its environment must be settings the node knows (NodeConfig) or
 * variables its launcher reads, and must parse as the node parses it; its ports must be the ones those settings
 * make the node listen on; its probes must ask the HTTP API's real paths on the HTTP port; and the cluster must
 * be reachable (the pod's own address advertised, discovery through the headless Service on the port Hazelcast's
 * DNS discovery dials).
 */
final class NodeContainerRules {
    /** Read by deploy/rtmp-node, the image's entrypoint ({@code ImageContractTest} checks the script reads them). */
    static final Set<String> LAUNCHER_ENV = Set.of("HEAP_PERCENT", "YOUNG_MB", "JAVA_OPTS");
    /** What the image's drain script (the preStop hook) reads. */
    static final String DRAIN_DELAY = "DRAIN_DELAY_SECONDS";
    /** The image's entrypoint takes the node's role from ROLE. */
    static final String ROLE = "ROLE";
    /**
     * NodeMain's budget for a start after the join (START_BUDGET_MILLIS): a start may take CLUSTER_JOIN_TIMEOUT_MS
     * and this before /health answers.
     */
    static final int START_BUDGET_SECONDS = 30;

    private NodeContainerRules() {
    }

    static void check(Workload w, Problems problems) {
        String at = w.name();
        if (w.pod().getContainers().size() != 1) {
            problems.add(at, "expected one container (the node), found " + w.pod().getContainers().size());
        }
        Container c = w.node();
        Set<String> seen = new HashSet<>();
        for (EnvVar e : w.env()) {
            boolean known = NodeConfig.environmentNames().contains(e.getName()) || LAUNCHER_ENV.contains(e.getName())
                    || ROLE.equals(e.getName()) || DRAIN_DELAY.equals(e.getName());
            problems.check(known, at, "env " + e.getName() + " is neither a node setting (NodeConfig) nor read by "
                    + "the launcher (" + LAUNCHER_ENV + ", " + ROLE + ") or the drain hook (" + DRAIN_DELAY + ")");
            problems.check(seen.add(e.getName()), at, "env " + e.getName() + " is set twice");
            if (e.getValueFrom() != null) {
                var ref = e.getValueFrom().getFieldRef();
                // A Secret's value is the operator's, unknown here: WiringRules checks the Secret and key exist.
                problems.check(ref != null && w.hasFieldSample(ref.getFieldPath())
                        || ref == null && e.getValueFrom().getSecretKeyRef() != null, at, "env " + e.getName()
                        + " comes from a source this check cannot read (only the pod's own fields and Secrets)");
            }
        }
        String role = w.env(ROLE);
        String expected = w.object() instanceof StatefulSet ? "origin" : "edge";
        if (!expected.equals(role)) {
            problems.add(at, "ROLE is '" + role + "', expected " + expected + " (origins run as a StatefulSet, edges "
                    + "as Deployments)");
            return;
        }
        NodeOptions options;
        try {
            options = NodeConfig.parse(role, new String[0], w.environment());
        } catch (ConfigException e) {
            problems.add(at, "the node would refuse its environment: " + e.getMessage());
            return;
        }
        ports(at, c, Map.of("rtmp", options.rtmpPort(), "http", options.httpPort(), "hazelcast",
                options.cluster().port()), problems);
        cluster(w, options, problems);
        probe(at, c, "liveness", c.getLivenessProbe(), HttpApi.HEALTH_PATH, options.httpPort(), true, problems);
        probe(at, c, "readiness", c.getReadinessProbe(), HttpApi.READY_PATH, options.httpPort(), true, problems);
        probe(at, c, "startup", c.getStartupProbe(), HttpApi.HEALTH_PATH, options.httpPort(), false, problems);
        startWindow(at, c, options, problems);
    }

    private static void ports(String at, Container c, Map<String, Integer> expected, Problems problems) {
        expected.forEach((name, number) -> {
            ContainerPort port = port(c, name);
            if (port == null) {
                problems.add(at, "no container port named " + name + " (the node listens on " + number + ")");
            } else {
                problems.check(number.equals(port.getContainerPort()), at, "container port " + name + " is "
                        + port.getContainerPort() + " but the node listens on " + number);
            }
        });
    }

    private static void cluster(Workload w, NodeOptions options, Problems problems) {
        String at = w.name();
        for (String name : new String[] {"CLUSTER_HOST", "PUBLIC_HOST"}) {
            problems.check("status.podIP".equals(w.fieldRef(name)), at, name + " must be the pod's address "
                    + "(valueFrom fieldRef status.podIP): other pods reach the node there");
        }
        problems.check(!options.cluster().kubernetesServiceDns().isEmpty(), at,
                "CLUSTER_K8S_SERVICE_DNS is not set: the node would look for members on its own address only");
        problems.check(options.cluster().members().isEmpty(), at,
                "CLUSTER_MEMBERS is set but ignored: CLUSTER_K8S_SERVICE_DNS discovery replaces it");
    }

    private static void probe(String at, Container c, String kind, Probe probe, String path, int httpPort,
                              boolean required, Problems problems) {
        if (probe == null) {
            problems.check(!required, at, "no " + kind + " probe");
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problems.add(at, kind + " probe is not an httpGet of " + path);
            return;
        }
        problems.check(path.equals(get.getPath()), at, kind + " probe asks " + get.getPath() + ", expected " + path);
        problems.check(portNumber(c, get.getPort()) == httpPort, at, kind + " probe port " + text(get.getPort())
                + " is not the HTTP port " + httpPort);
    }

    /** Liveness must not kill a node that is still joining: the startup (or liveness) window covers a start. */
    private static void startWindow(String at, Container c, NodeOptions options, Problems problems) {
        Probe first = c.getStartupProbe() != null ? c.getStartupProbe() : c.getLivenessProbe();
        if (first == null) {
            return;
        }
        long window = or(first.getInitialDelaySeconds(), 0) + (long) or(first.getPeriodSeconds(), 10)
                * or(first.getFailureThreshold(), 3);
        long start = options.cluster().joinTimeoutMillis() / 1000 + START_BUDGET_SECONDS;
        problems.check(window >= start, at, "probes may kill a starting node after " + window + " s, but a start may "
                + "take CLUSTER_JOIN_TIMEOUT_MS and " + START_BUDGET_SECONDS + " s more: " + start + " s");
    }

    static ContainerPort port(Container c, String name) {
        return c.getPorts() == null ? null
                : c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    /** The number a port reference (a name or a number) stands for in {@code c}, or -1. */
    static int portNumber(Container c, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        ContainerPort named = port(c, port.getStrVal());
        return named == null ? -1 : named.getContainerPort();
    }

    static String text(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
