package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * The part of Kubernetes' strategic merge patch that the overlays use, so the test can render them without a
 * kustomize binary: maps merge key by key (a null removes the key), scalars are replaced, and lists follow the
 * API's patch strategy for the fields in the two tables below: merged by a key (containers by name, as the API
 * declares with {@code patchMergeKey}) or replaced whole (lists the API gives no strategy). A patch that holds any
 * other list (outside an object the target does not have yet, which is simply added), or a {@code $patch}
 * directive, is refused rather than merged in a way kustomize might not: add the field here, with the strategy
 * the API reference gives it. Fields are known by name wherever they are, so a name two lists share with different
 * strategies ({@code ports}: a container's merge by containerPort, a Service's by port) stays out and is refused.
 */
final class StrategicMerge {
    /** List fields merged element by element, and the key that identifies an element. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "topologySpreadConstraints", "topologyKey");
    /** List fields a patch replaces whole. */
    private static final Set<String> REPLACED = Set.of("nodeSelectorTerms", "matchExpressions", "values", "command",
            "args", "ingress", "metrics");

    private StrategicMerge() {
    }

    /** Merges {@code patch} into {@code target}, in place. */
    static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("$")) {
                throw new ManifestException("patch directive '" + name + "' is not supported by StrategicMerge");
            }
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value);
            } else if (value.isArray()) {
                target.set(name, mergedList(name, existing, (ArrayNode) value));
            } else {
                target.set(name, value.deepCopy());
            }
        });
    }

    private static ArrayNode mergedList(String name, JsonNode existing, ArrayNode patch) {
        if (REPLACED.contains(name)) {
            return patch.deepCopy();
        }
        String key = MERGE_KEYS.get(name);
        if (key == null) {
            throw new ManifestException("patch of list '" + name + "': StrategicMerge does not know whether the API "
                    + "merges or replaces it; add it to MERGE_KEYS or REPLACED");
        }
        if (existing == null) {
            return patch.deepCopy();
        }
        ArrayNode merged = ((ArrayNode) existing).deepCopy();
        for (JsonNode element : patch) {
            JsonNode id = element.get(key);
            if (id == null) {
                throw new ManifestException("patch of list '" + name + "': an element without its merge key '" + key
                        + "'");
            }
            ObjectNode same = null;
            for (JsonNode candidate : merged) {
                if (id.equals(candidate.get(key))) {
                    same = (ObjectNode) candidate;
                }
            }
            if (same == null) {
                merged.add(element.deepCopy());
            } else {
                merge(same, element);
            }
        }
        return merged;
    }
}
