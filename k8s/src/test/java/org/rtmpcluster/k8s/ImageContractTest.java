package org.rtmpcluster.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The variables the manifests may set beside the node's settings are the ones the launcher really reads. */
class ImageContractTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("deploy.dir", "../deploy"), "rtmp-node");

    @Test
    void theLauncherReadsEveryVariableTheManifestsMaySetForIt() throws IOException {
        String script = Files.readString(LAUNCHER);
        for (String name : NodeContainerRules.LAUNCHER_ENV) {
            assertTrue(script.contains("${" + name), LAUNCHER + " does not read " + name);
        }
    }
}
