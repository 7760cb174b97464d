package org.rtmpcluster.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How the objects find each other: every selector (Services, the PDB, the HPAs' targets, spread constraints,
 * NetworkPolicies) selects the pods it is meant for and no others, the StatefulSet and the nodes' discovery name
 * the same headless Service, and a zone-pinned Deployment tells its nodes their zone.
 */
final class WiringRules {
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private WiringRules() {
    }

    static void check(List<HasMetadata> objects, Problems problems) {
        List<Workload> workloads = Workload.of(objects);
        List<Service> services = of(objects, Service.class);
        for (Workload w : workloads) {
            problems.check(Labels.matches(w.selector(), w.podLabels()), w.name(), "selector does not match its own "
                    + "pod template's labels");
            for (Workload other : workloads) {
                problems.check(other == w || !Labels.matches(w.selector(), other.podLabels()), w.name(),
                        "selector also matches the pods of " + other.name());
            }
            spread(w, problems);
            zone(w, problems);
            discovery(w, services, workloads, problems);
        }
        for (Service s : services) {
            service(s, workloads, problems);
        }
        edgeEntry(services, workloads, problems);
        disruptionBudgets(of(objects, PodDisruptionBudget.class), workloads, problems);
        autoscalers(of(objects, HorizontalPodAutoscaler.class), workloads, problems);
        network(of(objects, NetworkPolicy.class), workloads, problems);
        secrets(of(objects, Secret.class), workloads, problems);
    }

    /** Every env value taken from a Secret names one the manifests hold, and a key it has. */
    private static void secrets(List<Secret> secrets, List<Workload> workloads, Problems problems) {
        for (Workload w : workloads) {
            for (var e : w.env()) {
                var ref = e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
                if (ref == null) {
                    continue;
                }
                Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(ref.getName()))
                        .findFirst().orElse(null);
                if (secret == null) {
                    problems.add(w.name(), "env " + e.getName() + " names Secret " + ref.getName()
                            + ", which the manifests do not hold");
                    continue;
                }
                boolean hasKey = secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())
                        || secret.getData() != null && secret.getData().containsKey(ref.getKey());
                problems.check(hasKey, w.name(), "env " + e.getName() + " names key " + ref.getKey() + " of Secret "
                        + ref.getName() + ", which has no such key");
            }
        }
    }

    private static void spread(Workload w, Problems problems) {
        List<TopologySpreadConstraint> spread = Objects.requireNonNullElse(w.pod().getTopologySpreadConstraints(),
                List.of());
        for (TopologySpreadConstraint t : spread) {
            problems.check(Labels.matches(t.getLabelSelector(), w.podLabels()), w.name(), "spread constraint on "
                    + t.getTopologyKey() + " selects other pods than its own: it spreads nothing");
        }
        if (w.object() instanceof Deployment) {
            problems.check(spread.stream().anyMatch(t -> ZONE_LABEL.equals(t.getTopologyKey())), w.name(),
                    "edges are not spread across zones (" + ZONE_LABEL + ")");
        }
    }

    /** NODE_ZONE must say where the pods run: one zone, pinned by node affinity. */
    private static void zone(Workload w, Problems problems) {
        String zone = w.env("NODE_ZONE");
        String pinned = pinnedZone(w);
        if (pinned != null) {
            problems.check(pinned.equals(zone), w.name(), "pinned to zone " + pinned + " but NODE_ZONE is " + zone);
        } else {
            problems.check(zone == null || "default".equals(zone), w.name(), "NODE_ZONE is " + zone + " but the pods "
                    + "are not pinned to that zone (a pod cannot read its node's zone label)");
        }
    }

    /** The one zone required node affinity pins the pods to, or null. */
    static String pinnedZone(Workload w) {
        var affinity = w.pod().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        var terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        if (terms == null || terms.size() != 1 || terms.get(0).getMatchExpressions() == null) {
            return null;
        }
        return terms.get(0).getMatchExpressions().stream()
                .filter(e -> ZONE_LABEL.equals(e.getKey()) && "In".equals(e.getOperator()))
                .map(NodeSelectorRequirement::getValues).filter(v -> v != null && v.size() == 1)
                .map(v -> v.get(0)).findFirst().orElse(null);
    }

    /** CLUSTER_K8S_SERVICE_DNS names a headless Service of the origins, and the StatefulSet names it too. */
    private static void discovery(Workload w, List<Service> services, List<Workload> workloads, Problems problems) {
        String dns = w.env("CLUSTER_K8S_SERVICE_DNS");
        if (dns == null || dns.isBlank()) {
            return; // NodeContainerRules reports it
        }
        String name = dns.split("\\.")[0];
        Service s = services.stream().filter(x -> x.getMetadata().getName().equals(name)).findFirst().orElse(null);
        if (s == null) {
            problems.add(w.name(), "CLUSTER_K8S_SERVICE_DNS " + dns + " names no Service here");
            return;
        }
        String at = ApiKinds.name(s);
        problems.check("None".equals(s.getSpec().getClusterIP()), at, "discovery needs a headless Service "
                + "(clusterIP: None): its DNS name must answer the pods' own addresses");
        problems.check(Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses()), at, "publishNotReadyAddresses "
                + "must be true: nodes are ready only after they joined, so they must be found before");
        for (Workload origin : workloads) {
            if (origin.object() instanceof StatefulSet set) {
                problems.check(Labels.matches(s.getSpec().getSelector(), origin.podLabels()), at, "does not select "
                        + "the origins of " + origin.name());
                problems.check(name.equals(set.getSpec().getServiceName()), origin.name(), "serviceName "
                        + set.getSpec().getServiceName() + " is not the discovery Service " + name);
                problems.check(s.getSpec().getPorts() != null && s.getSpec().getPorts().stream()
                        .anyMatch(p -> targets(p, origin, "hazelcast")), at, "has no port that reaches the "
                        + "hazelcast port of " + origin.name());
            }
        }
    }

    private static void service(Service s, List<Workload> workloads, Problems problems) {
        String at = ApiKinds.name(s);
        List<Workload> selected = workloads.stream()
                .filter(w -> Labels.matches(s.getSpec().getSelector(), w.podLabels())).toList();
        problems.check(!selected.isEmpty(), at, "selector " + s.getSpec().getSelector() + " selects no pods");
        for (Workload w : selected) {
            for (ServicePort p : Objects.requireNonNullElse(s.getSpec().getPorts(), List.<ServicePort>of())) {
                problems.check(NodeContainerRules.portNumber(w.node(), target(p)) > 0, at, "port " + p.getPort()
                        + " targets " + NodeContainerRules.text(target(p)) + ", which " + w.name() + " does not have");
            }
        }
    }

    /** Players reach every edge through a LoadBalancer on 1935. */
    private static void edgeEntry(List<Service> services, List<Workload> workloads, Problems problems) {
        for (Workload edge : workloads) {
            if (edge.object() instanceof Deployment) {
                problems.check(services.stream().anyMatch(s -> "LoadBalancer".equals(s.getSpec().getType())
                        && Labels.matches(s.getSpec().getSelector(), edge.podLabels())
                        && Objects.requireNonNullElse(s.getSpec().getPorts(), List.<ServicePort>of()).stream()
                        .anyMatch(p -> p.getPort() == 1935 && targets(p, edge, "rtmp"))), edge.name(),
                        "no LoadBalancer Service on 1935 reaches its RTMP port");
            }
        }
    }

    private static void disruptionBudgets(List<PodDisruptionBudget> budgets, List<Workload> workloads,
                                          Problems problems) {
        for (PodDisruptionBudget b : budgets) {
            problems.check(workloads.stream().anyMatch(w -> Labels.matches(b.getSpec().getSelector(), w.podLabels())),
                    ApiKinds.name(b), "selects no pods");
        }
        for (Workload w : workloads) {
            if (w.object() instanceof StatefulSet) {
                problems.check(budgets.stream().anyMatch(b -> Labels.matches(b.getSpec().getSelector(), w.podLabels())),
                        w.name(), "no PodDisruptionBudget covers the origins");
            }
        }
    }

    private static void autoscalers(List<HorizontalPodAutoscaler> hpas, List<Workload> workloads, Problems problems) {
        for (HorizontalPodAutoscaler h : hpas) {
            var ref = h.getSpec().getScaleTargetRef();
            String at = ApiKinds.name(h);
            problems.check(workloads.stream().anyMatch(w -> w.object().getKind().equals(ref.getKind())
                    && "apps/v1".equals(ref.getApiVersion())
                    && w.object().getMetadata().getName().equals(ref.getName())), at, "scaleTargetRef "
                    + ref.getKind() + "/" + ref.getName() + " is not a workload here");
            List<MetricSpec> metrics = Objects.requireNonNullElse(h.getSpec().getMetrics(), List.of());
            problems.check(metrics.stream().anyMatch(m -> "Resource".equals(m.getType()) && m.getResource() != null
                    && "cpu".equals(m.getResource().getName())), at, "no CPU metric");
            problems.check(metrics.stream().anyMatch(m -> "Pods".equals(m.getType()) && m.getPods() != null), at,
                    "no players-per-pod metric (type Pods)");
            workloads.stream().filter(w -> w.object().getMetadata().getName().equals(ref.getName())).findFirst()
                    .ifPresent(target -> playersBelowCapacity(h, target, problems));
        }
        for (Workload w : workloads) {
            if (w.object() instanceof Deployment) {
                long count = hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getName()
                        .equals(w.object().getMetadata().getName())).count();
                problems.check(count == 1, w.name(), count + " HorizontalPodAutoscalers scale it, expected one");
            }
        }
    }

    /** The HPA adds edges before they reach the capacity at which routing sends players elsewhere. */
    private static void playersBelowCapacity(HorizontalPodAutoscaler h, Workload target, Problems problems) {
        String capacity = target.env("EDGE_CAPACITY_PLAYERS");
        if (capacity == null || capacity.equals("0")) {
            return;
        }
        for (MetricSpec m : Objects.requireNonNullElse(h.getSpec().getMetrics(), List.<MetricSpec>of())) {
            if (m.getPods() != null && m.getPods().getTarget().getAverageValue() != null) {
                BigDecimal players = m.getPods().getTarget().getAverageValue().getNumericalAmount();
                problems.check(players.compareTo(new BigDecimal(capacity)) < 0, ApiKinds.name(h),
                        "scales at " + players + " players per pod, not below EDGE_CAPACITY_PLAYERS " + capacity
                                + " of " + target.name());
            }
        }
    }

    private static void network(List<NetworkPolicy> policies, List<Workload> workloads, Problems problems) {
        for (Workload target : workloads) {
            for (NetworkReach.Source stranger : NetworkReach.strangers(target)) {
                problems.check(!NetworkReach.allowed(policies, stranger, target, "hazelcast"), target.name(),
                        stranger.name() + " can reach the Hazelcast port (no authentication on it)");
                for (String open : List.of("rtmp", "http")) {
                    problems.check(NetworkReach.allowed(policies, stranger, target, open), target.name(),
                            stranger.name() + " cannot reach the " + open + " port");
                }
            }
            for (Workload peer : workloads) {
                problems.check(NetworkReach.allowed(policies, NetworkReach.Source.pod(peer), target, "hazelcast"),
                        target.name(), peer.name() + " cannot reach its Hazelcast port");
            }
        }
    }

    private static boolean targets(ServicePort p, Workload w, String portName) {
        var named = NodeContainerRules.port(w.node(), portName);
        return named != null && NodeContainerRules.portNumber(w.node(), target(p)) == named.getContainerPort();
    }

    /** A Service port's targetPort; without one it is the port itself. */
    private static IntOrString target(ServicePort p) {
        return p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
    }

    private static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
