package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.node.NodeConfig;
import org.rtmpcluster.node.NodeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k8s/base: every file reads as its kind, the kustomization takes all of them, and what it renders passes. */
class BaseManifestsTest {

    @Test
    void everyManifestReadsAsItsDeclaredKind() throws IOException {
        List<Path> files = StrictReadingTest.manifests();
        assertTrue(files.size() >= 10, "manifests found: " + files);
        for (Path file : files) {
            assertEquals(1, Kustomize.objectsOf(file).size(), file + ": one object per file");
        }
    }

    @Test
    void theKustomizationsTakeEveryManifestBesideThem() throws IOException {
        for (Path dir : List.of(Manifests.BASE, Manifests.TWO_ZONES)) {
            JsonNode k = StrictYaml.documents(dir.resolve(Kustomize.FILE)).get(0);
            Set<String> listed = new TreeSet<>();
            k.path("resources").forEach(r -> listed.add(r.asText()));
            k.path("patches").forEach(p -> listed.add(p.path("path").asText()));
            Set<String> present;
            try (Stream<Path> files = Files.list(dir)) {
                present = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                        .filter(f -> !f.equals(Kustomize.FILE)).collect(Collectors.toCollection(TreeSet::new));
            }
            listed.removeIf(r -> r.startsWith(".."));
            assertEquals(present, listed, dir + ": a manifest the kustomization leaves out is neither applied "
                    + "nor checked");
        }
    }

    @Test
    void theBaseRendersTheWholeClusterWithoutProblems() {
        List<HasMetadata> objects = Manifests.render(Manifests.BASE);

        assertEquals(List.of("Deployment/rtmp-edge", "HorizontalPodAutoscaler/rtmp-edge",
                "NetworkPolicy/rtmp-cluster", "PodDisruptionBudget/rtmp-origin", "Secret/rtmp-api-token",
                "Secret/rtmp-auth-keys", "Service/rtmp-edge", "Service/rtmp-origin-cluster", "StatefulSet/rtmp-origin"),
                objects.stream().map(ApiKinds::name).sorted().toList());
        assertEquals(List.of(), Manifests.problems(objects));
    }

    @Test
    void theImageIsAKustomizeEntry() throws IOException {
        for (Path file : StrictReadingTest.manifests()) {
            for (JsonNode doc : StrictYaml.documents(file)) {
                doc.path("spec").path("template").path("spec").path("containers").forEach(c -> {
                    if (c.has("image")) {
                        assertEquals("rtmp-cluster", c.get("image").asText(), file + ": the image is named, and "
                                + "tagged by the kustomization's images entry");
                    }
                });
            }
        }
        List<HasMetadata> objects = Manifests.render(Manifests.BASE);
        for (Workload w : Workload.of(objects)) {
            assertEquals("rtmp-cluster:latest", w.node().getImage(), w.name());
        }
    }

    @Test
    void originsAreDataMembersAndEdgesLiteMembers() {
        List<HasMetadata> objects = Manifests.render(Manifests.BASE);
        for (Workload w : Workload.of(objects)) {
            NodeOptions options = NodeConfig.parse(w.env(NodeContainerRules.ROLE), new String[0], w.environment());
            assertEquals(w.object() instanceof Deployment, options.cluster().liteMember(), w.name());
            assertEquals(w.object() instanceof StatefulSet, "origin".equals(options.role()), w.name());
        }
    }
}
