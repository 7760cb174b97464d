package org.rtmpcluster.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.rtmpcluster.http.HttpApi;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the pod lives and dies: a stop drains the node inside the grace period, the preStop hook starts that drain,
 * resources are bounded (the JVM sizes itself from the limit), the pod runs as the image's user, and Prometheus
 * finds the metrics.
 */
final class PodRules {
    /** What the image's drain script is, for the preStop hook. */
    static final List<String> DRAIN_HOOK = List.of("/opt/rtmp-cluster/bin/drain");
    /** NodeMain's budget after the drain to close and leave the cluster (SHUTDOWN_BUDGET_MILLIS). */
    static final int SHUTDOWN_BUDGET_SECONDS = 10;
    /** The image's non-root user and group. */
    static final long IMAGE_USER = 10001;
    /** The node's bearer token, which the drain hook sends (deploy/image/bin/drain). */
    static final String API_TOKEN = "API_TOKEN";
    static final String GRACEFUL_HAZELCAST = "-Dhazelcast.shutdownhook.policy=GRACEFUL";
    /** Kubernetes' default terminationGracePeriodSeconds. */
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private PodRules() {
    }

    /**
     * The drain hook POSTs the drain, which the node accepts only with API_TOKEN; a token written into a manifest
     * is a token in version control, so it must come from a Secret.
     */
    private static void apiToken(Workload w, Problems problems) {
        EnvVar token = w.env().stream().filter(e -> API_TOKEN.equals(e.getName())).findFirst().orElse(null);
        if (token == null) {
            problems.add(w.name(), API_TOKEN + " is not set: the preStop hook's drain needs it (from a Secret)");
        } else {
            problems.check(token.getValueFrom() != null && token.getValueFrom().getSecretKeyRef() != null,
                    w.name(), API_TOKEN + " must come from a Secret (valueFrom.secretKeyRef), not the manifest");
        }
    }

    static void check(Workload w, Problems problems) {
        String at = w.name();
        Container c = w.node();
        grace(w, problems);
        var hook = c.getLifecycle() == null || c.getLifecycle().getPreStop() == null ? null
                : c.getLifecycle().getPreStop().getExec();
        problems.check(hook != null && DRAIN_HOOK.equals(hook.getCommand()), at, "the preStop hook must exec "
                + DRAIN_HOOK + " (the image's drain script)");
        apiToken(w, problems);
        resources(at, c.getResources(), problems);
        security(w, problems);
        problems.check(Boolean.FALSE.equals(w.pod().getEnableServiceLinks()), at, "enableServiceLinks must be "
                + "false: a Service named rtmp or http would set RTMP_PORT or HTTP_PORT to tcp://...");
        String javaOpts = w.env("JAVA_OPTS");
        problems.check(javaOpts != null && javaOpts.contains(GRACEFUL_HAZELCAST), at, "JAVA_OPTS lacks "
                + GRACEFUL_HAZELCAST);
        scrape(w, problems);
    }

    /** The kubelet kills the container at the end of the grace period, wherever the drain is. */
    private static void grace(Workload w, Problems problems) {
        NodeOptions options;
        try {
            options = NodeConfig.parse(w.env(NodeContainerRules.ROLE), new String[0], w.environment());
        } catch (RuntimeException e) {
            return; // NodeContainerRules reports it
        }
        problems.check(w.env("DRAIN_TIMEOUT_MS") != null, w.name(), "DRAIN_TIMEOUT_MS is not set: set it beside "
                + "the grace period it must fit in");
        long grace = Objects.requireNonNullElse(w.pod().getTerminationGracePeriodSeconds(), DEFAULT_GRACE_SECONDS);
        String delayValue = Objects.requireNonNullElse(w.env(NodeContainerRules.DRAIN_DELAY), "0");
        if (!delayValue.matches("\\d{1,4}")) {
            problems.add(w.name(), NodeContainerRules.DRAIN_DELAY + " '" + delayValue + "' is not a whole number of "
                    + "seconds: the drain script refuses it, and the pod is killed undrained");
            return;
        }
        long delay = Long.parseLong(delayValue);
        long needed = options.drainTimeoutMillis() + (delay + SHUTDOWN_BUDGET_SECONDS) * 1000L;
        problems.check(grace * 1000 > needed, w.name(), "terminationGracePeriodSeconds " + grace + " does not exceed "
                + "DRAIN_TIMEOUT_MS " + options.drainTimeoutMillis() + " ms, the preStop hook's "
                + NodeContainerRules.DRAIN_DELAY + " " + delay + " s and the " + SHUTDOWN_BUDGET_SECONDS
                + " s to close after it");
    }

    private static void resources(String at, ResourceRequirements r, Problems problems) {
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null || limit == null) {
                problems.add(at, resource + " needs a request and a limit (the JVM sizes its heap from the memory "
                        + "limit, the HPA's CPU target is a share of the request)");
            } else {
                problems.check(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0, at,
                        resource + " request " + request + " is above its limit " + limit);
            }
        }
    }

    private static void security(Workload w, Problems problems) {
        String at = w.name();
        PodSecurityContext pod = w.pod().getSecurityContext();
        SecurityContext container = w.node().getSecurityContext();
        Boolean nonRoot = container != null && container.getRunAsNonRoot() != null ? container.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        Long user = container != null && container.getRunAsUser() != null ? container.getRunAsUser()
                : pod == null ? null : pod.getRunAsUser();
        problems.check(Boolean.TRUE.equals(nonRoot), at, "runAsNonRoot must be true");
        problems.check(Objects.equals(user, IMAGE_USER), at, "runAsUser must be the image's user " + IMAGE_USER);
        if (container != null && Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            boolean tmp = w.node().getVolumeMounts() != null && w.node().getVolumeMounts().stream()
                    .anyMatch(m -> "/tmp".equals(m.getMountPath()) && w.pod().getVolumes() != null
                            && w.pod().getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName())
                            && v.getEmptyDir() != null));
            problems.check(tmp, at, "a read-only root file system needs an emptyDir at /tmp (the JVM, Netty's "
                    + "native library and Vert.x's file cache write there)");
        }
    }

    private static void scrape(Workload w, Problems problems) {
        String at = w.name();
        Map<String, String> a = w.template().getMetadata().getAnnotations() == null ? Map.of()
                : w.template().getMetadata().getAnnotations();
        problems.check("true".equals(a.get("prometheus.io/scrape")), at, "prometheus.io/scrape is not \"true\"");
        problems.check(HttpApi.METRICS_PATH.equals(a.get("prometheus.io/path")), at, "prometheus.io/path is not "
                + HttpApi.METRICS_PATH);
        var http = NodeContainerRules.port(w.node(), "http");
        problems.check(http != null && String.valueOf(http.getContainerPort()).equals(a.get("prometheus.io/port")),
                at, "prometheus.io/port is not the HTTP port");
    }
}
