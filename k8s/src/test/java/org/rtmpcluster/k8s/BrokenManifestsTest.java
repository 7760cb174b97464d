package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks fail where they must: each file of src/test/resources/broken breaks the rendered base in one way
 * (patching its objects as kustomize would, or adding one) and names, on its first line, the problem the checks
 * must report. The base itself has none, so each problem is the fixture's doing.
 */
class BrokenManifestsTest {
    static final Path BROKEN = Manifests.K8S.resolve("src/test/resources/broken");
    private static final String EXPECT = "# expect: ";

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(BROKEN)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theUnbrokenBaseHasNoProblem() {
        assertEquals(List.of(), Manifests.problems(Manifests.render(Manifests.BASE)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void eachBreakageIsReported(Path fixture) throws IOException {
        String first = Files.readAllLines(fixture).get(0);
        assertTrue(first.startsWith(EXPECT), fixture + " must start with '" + EXPECT + "<the problem>'");
        String expected = first.substring(EXPECT.length());

        List<String> problems = Manifests.problems(broken(fixture));

        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing '" + expected + "', got:\n  " + String.join("\n  ", problems));
    }

    @Test
    void thereIsAFixtureForEveryKindOfObject() throws IOException {
        List<String> kinds = fixtures().flatMap(f -> Kustomize.objectsOf(f).stream())
                .map(o -> o.path("kind").asText()).distinct().sorted().toList();
        assertEquals(List.of("Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget",
                "Secret", "Service", "StatefulSet"), kinds);
    }

    /** The base rendered, with {@code fixture}'s objects merged into the ones they name, or added. */
    private static List<HasMetadata> broken(Path fixture) {
        List<ObjectNode> objects = Kustomize.render(Manifests.BASE);
        for (ObjectNode patch : Kustomize.objectsOf(fixture)) {
            ObjectNode target = objects.stream().filter(o -> same(o, patch)).findFirst().orElse(null);
            if (target == null) {
                objects.add(patch);
            } else {
                StrategicMerge.merge(target, patch);
            }
        }
        return Manifests.typed(objects);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a.path("kind").equals(b.path("kind")) && a.path("metadata").path("name")
                .equals(b.path("metadata").path("name"));
    }
}
