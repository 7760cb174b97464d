package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.nio.file.Path;
import java.util.List;

/** Renders a kustomization and checks what it renders: every rule of the node, the pod and the wiring. */
final class Manifests {
    /** The module's folder (k8s/), from the build; the manifests live beside its pom. */
    static final Path K8S = Path.of(System.getProperty("k8s.dir", "."));
    static final Path BASE = K8S.resolve("base");
    static final Path TWO_ZONES = K8S.resolve("overlays/two-zones");

    private Manifests() {
    }

    static List<HasMetadata> typed(List<ObjectNode> trees) {
        return trees.stream().map(t -> ApiKinds.typed(t, t.path("kind").asText() + "/"
                + t.path("metadata").path("name").asText())).toList();
    }

    static List<HasMetadata> render(Path kustomization) {
        return typed(Kustomize.render(kustomization));
    }

    /** Everything wrong with {@code objects}, one line each; empty when they pass. */
    static List<String> problems(List<HasMetadata> objects) {
        Problems problems = new Problems();
        for (Workload w : Workload.of(objects)) {
            NodeContainerRules.check(w, problems);
            PodRules.check(w, problems);
        }
        WiringRules.check(objects, problems);
        return problems.lines();
    }
}
