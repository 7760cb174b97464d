package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manifests are read as strictly as the API server reads them: what it would refuse, the test refuses. */
class StrictReadingTest {
    private static final Path UNREADABLE = Manifests.K8S.resolve("src/test/resources/unreadable");
    /** Fields that are maps of the user's own keys: any key is right there. */
    private static final Set<String> FREE_MAPS = Set.of("labels", "annotations", "matchLabels", "requests", "limits",
            // A Secret's keys are its own.
            "stringData", "data");

    @Test
    void anUnknownFieldFailsWithItsName() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.objectsOf(UNREADABLE.resolve("unknown-field.yaml")));
        assertTrue(e.getMessage().contains("at spec.template.spec.terminationGracePeriodSecond: Unrecognized field "
                + "\"terminationGracePeriodSecond\""), e.getMessage());
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.objectsOf(UNREADABLE.resolve("env-value-number.yaml")));
        assertTrue(e.getMessage().contains("at spec.template.spec.containers[0].env[0].value: Cannot coerce Integer "
                + "value (30000)"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceFails() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.objectsOf(UNREADABLE.resolve("key-twice.yaml")));
        assertTrue(e.getMessage().contains("key-twice.yaml (line 8): Duplicate field 'type'"), e.getMessage());
    }

    @Test
    void aKindOrVersionTheChecksDoNotKnowIsRefused() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.objectsOf(UNREADABLE.resolve("old-api-version.yaml")));
        assertTrue(e.getMessage().contains("'autoscaling/v1/HorizontalPodAutoscaler' is not one of"), e.getMessage());
    }

    /**
     * fabric8's types keep unknown fields unless told otherwise, and any one of them that ignores unknown fields
     * would let typos through: an unknown field put into every object of every manifest must fail.
     */
    @Test
    void everyObjectOfEveryManifestRefusesAnUnknownField() throws IOException {
        List<Path> files = manifests();
        int tried = 0;
        List<String> accepted = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode doc : StrictYaml.documents(file)) {
                for (String path : objectPaths(doc, "")) {
                    ObjectNode copy = doc.deepCopy();
                    ((ObjectNode) copy.at(path.isEmpty() ? "" : path)).put("notAField", "x");
                    tried++;
                    try {
                        ApiKinds.typed(copy, file.toString());
                        accepted.add(file.getFileName() + " " + path);
                    } catch (ManifestException expected) {
                        // refused, as the API server would
                    }
                }
            }
        }
        assertTrue(tried > 200, "tried only " + tried + " objects");
        assertEquals(List.of(), accepted, "objects that took an unknown field");
    }

    /** JSON pointers of every object in {@code node} but the free maps (Service selectors are maps too). */
    private static List<String> objectPaths(JsonNode node, String at) {
        List<String> paths = new ArrayList<>();
        String name = at.substring(at.lastIndexOf('/') + 1);
        boolean freeMap = FREE_MAPS.contains(name) || at.equals("/spec/selector") && !node.has("matchLabels")
                && !node.has("matchExpressions");
        if (node.isObject() && !freeMap) {
            paths.add(at);
            node.fields().forEachRemaining(f -> paths.addAll(objectPaths(f.getValue(), at + "/" + f.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.addAll(objectPaths(node.get(i), at + "/" + i));
            }
        }
        return paths;
    }

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(Manifests.BASE), Files.list(Manifests.TWO_ZONES))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals(Kustomize.FILE)).sorted().toList();
        }
    }
}
