package org.rtmpcluster.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A StatefulSet or Deployment seen as what the checks need: its pod template, selector and labels, and its node
 * container's environment as the node would read it.
 */
record Workload(HasMetadata object, LabelSelector selector, PodTemplateSpec template) {
    /** What a fieldRef resolves to in a pod, for parsing the environment as the node will. */
    private static final Map<String, String> FIELD_SAMPLES = Map.of("status.podIP", "10.0.0.1",
            "status.hostIP", "10.0.1.1", "metadata.name", "pod-0", "metadata.namespace", "default",
            "spec.nodeName", "node-1");
    /**
     * What a Secret holds, in the form the node takes, for settings that other settings need (AUTH_PUBLISH=token
     * needs AUTH_KEYS): the operator's value is unknown here, WiringRules checks the Secret and key exist.
     */
    private static final Map<String, String> SECRET_SAMPLES = Map.of("AUTH_KEYS", "k1:0123456789abcdef-sample",
            "CLUSTER_SECRET", "0123456789abcdef-cluster-sample");

    static List<Workload> of(List<HasMetadata> objects) {
        return objects.stream().map(o -> {
            if (o instanceof StatefulSet s) {
                return new Workload(o, s.getSpec().getSelector(), s.getSpec().getTemplate());
            }
            if (o instanceof Deployment d) {
                return new Workload(o, d.getSpec().getSelector(), d.getSpec().getTemplate());
            }
            return null;
        }).filter(Objects::nonNull).toList();
    }

    String name() {
        return ApiKinds.name(object);
    }

    PodSpec pod() {
        return template.getSpec();
    }

    Map<String, String> podLabels() {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** The node's container: the pod's only one (the checks report a pod with more). */
    Container node() {
        return pod().getContainers().get(0);
    }

    List<EnvVar> env() {
        return node().getEnv() == null ? List.of() : node().getEnv();
    }

    /** The value of env {@code name} (a fieldRef as its sample value), or null when it is not set. */
    String env(String name) {
        return environment().get(name);
    }

    /** The environment as the node sees it; values it cannot know (secrets, config maps) are left out. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : env()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            } else if (e.getValueFrom().getFieldRef() != null) {
                String sample = FIELD_SAMPLES.get(e.getValueFrom().getFieldRef().getFieldPath());
                if (sample != null) {
                    env.put(e.getName(), sample);
                }
            } else if (e.getValueFrom().getSecretKeyRef() != null && SECRET_SAMPLES.containsKey(e.getName())) {
                env.put(e.getName(), SECRET_SAMPLES.get(e.getName()));
            }
        }
        return env;
    }

    /** The field path env {@code name} reads from the pod, or null. */
    String fieldRef(String name) {
        return env().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null
                        && e.getValueFrom().getFieldRef() != null)
                .map(e -> e.getValueFrom().getFieldRef().getFieldPath()).findFirst().orElse(null);
    }

    boolean hasFieldSample(String fieldPath) {
        return FIELD_SAMPLES.containsKey(fieldPath);
    }
}
