package org.rtmpcluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the fields our kustomizations use: resources
 * (files, or folders holding a kustomization, rendered first), patches given by file (strategic merge, see
 * {@link StrategicMerge}) and images. The kustomization is read strictly, so a field this class does not render
 * ({@code namePrefix}, {@code replicas}, ...) fails the test instead of being skipped: teach it here first.
 */
final class Kustomize {
    static final String FILE = "kustomization.yaml";

    /** The fields of kustomization.yaml that {@link #render} understands. */
    record Kustomization(String apiVersion, String kind, List<String> resources, List<Patch> patches,
                         List<Image> images) {
    }

    /** A strategic-merge patch in a file; its apiVersion, kind and name pick the object it patches. */
    record Patch(String path) {
    }

    /** kustomize's image transformer: containers whose image is {@code name} get the new name, tag or digest. */
    record Image(String name, String newName, String newTag, String digest) {
        String applyTo(String image) {
            int at = image.indexOf('@');
            String reference = at >= 0 ? image.substring(0, at) : image;
            int colon = reference.lastIndexOf(':');
            int end = colon > reference.lastIndexOf('/') ? colon : reference.length(); // host:port/name has no tag
            if (!image.substring(0, end).equals(name)) {
                return image;
            }
            String base = newName != null ? newName : name;
            if (digest != null) {
                return base + "@" + digest;
            }
            return newTag != null ? base + ":" + newTag : base + image.substring(end);
        }
    }

    private Kustomize() {
    }

    /** The objects {@code dir}'s kustomization renders to, as trees. */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve(FILE);
        List<JsonNode> docs = StrictYaml.documents(file);
        if (docs.size() != 1) {
            throw new ManifestException(file + ": expected one document, found " + docs.size());
        }
        Kustomization k = StrictYaml.typed(docs.get(0), Kustomization.class, file.toString());
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.apiVersion()) || !"Kustomization".equals(k.kind())) {
            throw new ManifestException(file + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (String resource : nonNull(k.resources())) {
            Path path = dir.resolve(resource).normalize();
            List<ObjectNode> added = Files.isDirectory(path) ? render(path) : objectsOf(path);
            for (ObjectNode object : added) {
                if (find(objects, object) != null) {
                    throw new ManifestException(path + ": " + id(object) + " is already in the kustomization");
                }
                objects.add(object);
            }
        }
        for (Patch patch : nonNull(k.patches())) {
            Path path = dir.resolve(patch.path()).normalize();
            for (ObjectNode p : objectsOf(path)) {
                ObjectNode target = find(objects, p);
                if (target == null) {
                    throw new ManifestException(path + ": patch of " + id(p) + ", which is not in the kustomization");
                }
                StrategicMerge.merge(target, p);
            }
        }
        for (Image image : nonNull(k.images())) {
            objects.forEach(o -> retag(o.path("spec").path("template").path("spec"), image));
        }
        return objects;
    }

    /** The objects of one manifest file, each checked to read as its kind. */
    static List<ObjectNode> objectsOf(Path file) {
        List<ObjectNode> objects = new ArrayList<>();
        List<JsonNode> docs = StrictYaml.documents(file);
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).isObject()) {
                throw new ManifestException(file + ": document " + (i + 1) + " is not an object");
            }
            ApiKinds.typed(docs.get(i), file + " (document " + (i + 1) + ")");
            objects.add((ObjectNode) docs.get(i));
        }
        return objects;
    }

    private static void retag(JsonNode podSpec, Image image) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : podSpec.path(list)) {
                if (container.hasNonNull("image")) {
                    ((ObjectNode) container).put("image", image.applyTo(container.get("image").asText()));
                }
            }
        }
    }

    private static ObjectNode find(List<ObjectNode> objects, JsonNode like) {
        return objects.stream().filter(o -> id(o).equals(id(like))).findFirst().orElse(null);
    }

    /** What kustomize tells objects apart by: group, kind and name (the version may differ). */
    private static String id(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
