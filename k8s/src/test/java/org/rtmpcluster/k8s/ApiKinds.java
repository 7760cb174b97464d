package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.Map;

/**
 * The API kinds the manifests may use, by {@code apiVersion} and {@code kind}, and their fabric8 types. A manifest
 * of any other kind (or an old version, such as autoscaling/v1) is refused rather than left unchecked.
 */
final class ApiKinds {
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    private ApiKinds() {
    }

    /** {@code tree} read strictly as the type its apiVersion and kind declare. */
    static HasMetadata typed(JsonNode tree, String where) {
        String id = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
        Class<? extends HasMetadata> type = TYPES.get(id);
        if (type == null) {
            throw new ManifestException(where + ": apiVersion/kind '" + id + "' is not one of " + TYPES.keySet());
        }
        return StrictYaml.typed(tree, type, where);
    }

    /** "Kind/name", how problems name an object. */
    static String name(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
