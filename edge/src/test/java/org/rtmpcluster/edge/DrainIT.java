package org.rtmpcluster.edge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.ProcessCluster;
import org.rtmpcluster.interop.ProcessCluster.Member;
import org.rtmpcluster.testing.Await;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM drains a real edge process: a plain ffmpeg player (no Enhanced RTMP reconnect) keeps playing until the
 * drain timeout, is closed then, and the process exits 0; meanwhile {@code /ready} and the node list say draining.
 */
@ExtendWith(NodeLogsOnFailure.class)
class DrainIT {
    private static final long DRAIN_TIMEOUT_MILLIS = 5000;

    @Test
    @Timeout(150)
    void aPlainFfmpegPlayerOnADrainingEdgePlaysUntilTheTimeoutThenTheEdgeExitsZero(@TempDir Path dir)
            throws Exception {
        Clients.requireInstalled("ffmpeg", "curl");
        Path source = Media.makeTestFlv(dir);
        String key = "live/drain";
        try (ProcessCluster cluster = ProcessCluster.start(dir, Member.of("origin", "origin"),
                Member.of("edge 1", "edge", "--drain-timeout-ms", String.valueOf(DRAIN_TIMEOUT_MILLIS)),
                Member.of("edge 2", "edge"))) {
            NodeProcess origin = cluster.node(0);
            NodeProcess edge1 = cluster.node(1);
            try (ChildProcess publisher = Clients.publishForever(dir, source, origin.rtmpUrl(key));
                 ChildProcess player = Clients.playToNowhere(dir, edge1.rtmpUrl(key))) {
                player.stdout().await("25 frames at the player", Clients.framesAtLeast(25), Duration.ofSeconds(40));

                long signalled = System.nanoTime();
                edge1.signalTerm();
                Await.until("edge 1's /ready to say draining", () -> ready(dir, edge1).status() == 503);
                assertEquals("draining", new JsonObject(ready(dir, edge1).body()).getString("reason"));
                Await.until("the node list to show edge 1 draining", () -> "draining".equals(
                        stateOf(dir, origin, edge1.nodeId())));

                long framesAtDrain = Clients.reportedFrames(player);
                player.stdout().await("two more seconds of frames while the edge drains",
                        Clients.framesAtLeast(framesAtDrain + 50), Duration.ofMillis(DRAIN_TIMEOUT_MILLIS));
                player.awaitExit(Duration.ofMillis(DRAIN_TIMEOUT_MILLIS + 15_000));
                long closedAfter = (System.nanoTime() - signalled) / 1_000_000;
                assertTrue(closedAfter >= DRAIN_TIMEOUT_MILLIS - 500, "the player was closed " + closedAfter
                        + " ms after SIGTERM, before the drain timeout of " + DRAIN_TIMEOUT_MILLIS + " ms");
                edge1.log().awaitContaining("still connected after the drain timeout", Duration.ofSeconds(5));

                assertEquals(0, edge1.awaitExit(Duration.ofSeconds(20)), "edge 1's exit code after its drain");
                assertTrue(publisher.isAlive(), "the publisher at the origin is untouched: "
                        + publisher.stderr().tail());
            }
        }
    }

    private static Clients.CurlAnswer ready(Path dir, NodeProcess node) {
        try {
            return Clients.curl(dir, node.httpUrl("/ready"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String stateOf(Path dir, NodeProcess asked, String nodeId) {
        try {
            JsonArray items = new JsonObject(Clients.curl(dir, asked.httpUrl("/api/v1/nodes")).body())
                    .getJsonArray("items");
            for (int i = 0; i < items.size(); i++) {
                if (items.getJsonObject(i).getString("id").equals(nodeId)) {
                    return items.getJsonObject(i).getString("state");
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
