package org.rtmpcluster.k8s;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test's kustomize renders what it knows as kustomize does, and refuses what it does not know. */
class KustomizeTest {
    private static final Path FIXTURES = Manifests.K8S.resolve("src/test/resources/kustomize");

    @Test
    void imagesGetTheNewNameTagOrDigest() {
        var retag = new Kustomize.Image("rtmp-cluster", "registry.example:5000/rtmp-cluster", "1.2", null);
        assertEquals("registry.example:5000/rtmp-cluster:1.2", retag.applyTo("rtmp-cluster"));
        assertEquals("registry.example:5000/rtmp-cluster:1.2", retag.applyTo("rtmp-cluster:latest"));
        assertEquals("other:latest", retag.applyTo("other:latest"));
        var pin = new Kustomize.Image("registry.example:5000/rtmp-cluster", null, null, "sha256:ab");
        assertEquals("registry.example:5000/rtmp-cluster@sha256:ab", pin.applyTo("registry.example:5000/rtmp-cluster:1.2"));
        var rename = new Kustomize.Image("rtmp-cluster", "mirror/rtmp-cluster", null, null);
        assertEquals("mirror/rtmp-cluster:1.2", rename.applyTo("rtmp-cluster:1.2"));
    }

    @Test
    void aKustomizationFieldTheTestDoesNotRenderFails() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.render(FIXTURES.resolve("name-prefix")));
        assertTrue(e.getMessage().contains("Unrecognized field \"namePrefix\""), e.getMessage());
    }

    @Test
    void aPatchOfAnObjectThatIsNotThereFails() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Kustomize.render(FIXTURES.resolve("patch-of-nothing")));
        assertTrue(e.getMessage().contains("patch of apps/Deployment/rtmp-edges, which is not in the kustomization"),
                e.getMessage());
    }
}
