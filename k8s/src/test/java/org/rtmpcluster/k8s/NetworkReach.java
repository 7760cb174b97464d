package org.rtmpcluster.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.List;
import java.util.Map;

/**
 * Whether NetworkPolicies let a source reach a port of a workload's pods, by the API's rules: a pod no Ingress
 * policy selects takes everything; a selected pod takes what some rule of some selecting policy allows (every
 * source when {@code from} is empty, every port when {@code ports} is). Where the answer would depend on what this
 * check cannot see, it leans open: a namespaceSelector is taken to match every namespace, an ipBlock every client
 * outside the cluster, so "cannot reach" holds whatever those select.
 */
final class NetworkReach {
    /** Who connects: a pod with these labels in our namespace or another, or a client outside the cluster. */
    record Source(String name, Map<String, String> labels, boolean inNamespace, boolean external) {
        static Source pod(Workload w) {
            return new Source(w.name(), w.podLabels(), true, false);
        }
    }

    /**
     * Who must not reach the cluster port of {@code target}: a client outside the cluster, another app's pod in
     * the namespace, and a pod of another namespace, which may carry our labels (anyone can set them there).
     */
    static List<Source> strangers(Workload target) {
        return List.of(new Source("a client outside the cluster", Map.of(), false, true),
                new Source("another app's pod in the namespace", Map.of("app.kubernetes.io/name", "other"), true,
                        false),
                new Source("a pod of another namespace with our labels", target.podLabels(), false, false));
    }

    private NetworkReach() {
    }

    /** Whether {@code source} may open a TCP connection to {@code target}'s container port named {@code port}. */
    static boolean allowed(List<NetworkPolicy> policies, Source source, Workload target, String port) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> Labels.matches(p.getSpec().getPodSelector(), target.podLabels()))
                .filter(p -> p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().isEmpty()
                        || p.getSpec().getPolicyTypes().contains("Ingress"))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        ContainerPort targetPort = NodeContainerRules.port(target.node(), port);
        return selecting.stream().flatMap(p -> rules(p).stream())
                .anyMatch(rule -> fromMatches(rule, source) && portMatches(rule, targetPort));
    }

    private static List<NetworkPolicyIngressRule> rules(NetworkPolicy p) {
        return p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress();
    }

    private static boolean fromMatches(NetworkPolicyIngressRule rule, Source source) {
        return rule.getFrom() == null || rule.getFrom().isEmpty()
                || rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, source));
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, Source source) {
        if (peer.getIpBlock() != null) {
            return source.external();
        }
        if (source.external()) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() != null || source.inNamespace();
        return namespace && (peer.getPodSelector() == null || Labels.matches(peer.getPodSelector(), source.labels()));
    }

    private static boolean portMatches(NetworkPolicyIngressRule rule, ContainerPort target) {
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            return true;
        }
        return target != null && rule.getPorts().stream().anyMatch(p -> portMatches(p, target));
    }

    private static boolean portMatches(NetworkPolicyPort p, ContainerPort target) {
        if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
            return false;
        }
        if (p.getPort() == null) {
            return true;
        }
        if (p.getPort().getStrVal() != null) {
            return p.getPort().getStrVal().equals(target.getName());
        }
        int from = p.getPort().getIntVal();
        int to = p.getEndPort() == null ? from : p.getEndPort();
        return target.getContainerPort() >= from && target.getContainerPort() <= to;
    }
}
