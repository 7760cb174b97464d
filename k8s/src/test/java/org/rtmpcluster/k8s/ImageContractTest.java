package org.rtmpcluster.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the manifests take from the image (deploy/image) is what the image's scripts do: the variables set beside
 * the node's settings are read, the preStop hook's path is the drain script, and the user is the one the pods run
 * as. Text checks on the scripts: the image itself is built and checked by deploy/image/check.sh.
 */
class ImageContractTest {
    private static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "../deploy"));

    @Test
    void theLauncherReadsEveryVariableTheManifestsMaySetForIt() throws IOException {
        String launcher = read("rtmp-node");
        for (String name : NodeContainerRules.LAUNCHER_ENV) {
            assertTrue(launcher.contains("${" + name), "deploy/rtmp-node does not read " + name);
        }
        assertTrue(read("image/bin/entrypoint").contains("${" + NodeContainerRules.ROLE),
                "the image's entrypoint does not read " + NodeContainerRules.ROLE);
    }

    @Test
    void thePreStopHookIsTheImagesDrainScript() throws IOException {
        String build = read("image/build.sh");
        assertTrue(build.contains("deploy/image/bin/drain \"$APP/bin/drain\"") && build.contains("\"$APP\" /opt/"
                + "rtmp-cluster"), "deploy/image/build.sh no longer installs the drain script as "
                + PodRules.DRAIN_HOOK.get(0));
        assertTrue(PodRules.DRAIN_HOOK.get(0).equals("/opt/rtmp-cluster/bin/drain"));
        String drain = read("image/bin/drain");
        assertTrue(drain.contains("/api/v1/drain"), "the drain script does not POST the drain");
        assertTrue(drain.contains("Authorization: Bearer %s") && drain.contains("\"$API_TOKEN\""),
                "the drain script does not send API_TOKEN, without which the node refuses the drain");
        assertTrue(drain.contains("${" + NodeContainerRules.DRAIN_DELAY), "the drain script does not read "
                + NodeContainerRules.DRAIN_DELAY);
    }

    @Test
    void thePodsRunAsTheImagesUser() throws IOException {
        assertTrue(read("image/build.sh").contains("--config.user " + PodRules.IMAGE_USER + ":" + PodRules.IMAGE_USER),
                "the image's user is not " + PodRules.IMAGE_USER);
    }

    private static String read(String path) throws IOException {
        return Files.readString(DEPLOY.resolve(path));
    }
}
