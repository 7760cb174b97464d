package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * k8s/overlays/two-zones, rendered on the base by {@link Kustomize}: the same checks as the base, and one edge
 * Deployment per zone that tells its nodes their zone.
 */
class TwoZonesOverlayTest {
    private final List<HasMetadata> objects = Manifests.render(Manifests.TWO_ZONES);

    @Test
    void theOverlayRendersWithoutProblems() {
        assertEquals(List.of(), Manifests.problems(objects));
    }

    @Test
    void eachZoneHasItsEdgesAndTheirZone() {
        Map<String, String> zoneOf = new TreeMap<>();
        for (Workload w : Workload.of(objects)) {
            if (w.object() instanceof Deployment) {
                zoneOf.put(w.object().getMetadata().getName(), WiringRules.pinnedZone(w) + " " + w.env("NODE_ZONE"));
            }
        }
        assertEquals(Map.of("rtmp-edge", "zone-a zone-a", "rtmp-edge-zone-b", "zone-b zone-b"), zoneOf);
    }

    @Test
    void originsStayOneStatefulSetOverBothZones() {
        List<String> origins = Workload.of(objects).stream().filter(w -> !(w.object() instanceof Deployment))
                .map(w -> w.name() + " pinned to " + WiringRules.pinnedZone(w)).toList();
        assertEquals(List.of("StatefulSet/rtmp-origin pinned to null"), origins);
    }

    /** zone-b's Deployment is a copy of the base's: a change to one and not the other fails here. */
    @Test
    void theZoneDeploymentsDifferOnlyInTheirZone() {
        JsonNode a = withoutZone(find("Deployment/rtmp-edge"), "zone-a");
        JsonNode b = withoutZone(find("Deployment/rtmp-edge-zone-b"), "zone-b");
        ((ObjectNode) b.get("metadata")).put("name", "rtmp-edge");
        assertEquals(StrictYaml.yaml(a), StrictYaml.yaml(b));
        assertNotEquals(StrictYaml.yaml(find("Deployment/rtmp-edge")),
                StrictYaml.yaml(find("Deployment/rtmp-edge-zone-b")), "the zones differ before their names go");
    }

    @Test
    void theZoneAutoscalersDifferOnlyInTheirTarget() {
        ObjectNode a = (ObjectNode) StrictYaml.tree(find("HorizontalPodAutoscaler/rtmp-edge"));
        ObjectNode b = (ObjectNode) StrictYaml.tree(find("HorizontalPodAutoscaler/rtmp-edge-zone-b"));
        ((ObjectNode) b.get("metadata")).put("name", "rtmp-edge");
        ((ObjectNode) b.get("spec").get("scaleTargetRef")).put("name", "rtmp-edge");
        assertEquals(StrictYaml.yaml(a), StrictYaml.yaml(b));
    }

    /** The Deployment as a tree, its zone replaced by a placeholder and the env sorted by name (order is free). */
    private static JsonNode withoutZone(HasMetadata deployment, String zone) {
        String yaml = StrictYaml.yaml(deployment).replace(zone, "ZONE");
        try {
            ObjectNode tree = (ObjectNode) StrictYaml.MAPPER.readTree(yaml);
            for (JsonNode c : tree.at("/spec/template/spec/containers")) {
                List<JsonNode> env = new ArrayList<>();
                c.get("env").forEach(env::add);
                env.sort(Comparator.comparing(e -> e.get("name").asText()));
                ((ObjectNode) c).set("env", StrictYaml.MAPPER.valueToTree(env));
            }
            return tree;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HasMetadata find(String name) {
        return objects.stream().filter(o -> ApiKinds.name(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not rendered"));
    }
}
