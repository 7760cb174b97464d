package org.rtmpcluster.metering;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session events with real clients: ffmpeg publishes, rtmpdump plays through a counting TCP relay in the test. The
 * relay's count of the bytes it passed from the node to rtmpdump's socket is what rtmpdump received over RTMP,
 * measured outside the node (rtmpdump's output is FLV, whose framing differs from RTMP's chunks, so its size is
 * not that figure).
 */
class RealPlayerMeteringTest {
    @TempDir
    Path dir;

    @Test
    void rtmpdumpsPlayIsReportedWithTheBytesItsSocketReceived() throws Exception {
        Clients.requireInstalled("ffmpeg", "rtmpdump");
        Vertx relayVertx = Vertx.vertx();
        try (EventReceiver receiver = EventReceiver.start();
             TestNode node = TestNode.start(receiver.flags().toArray(String[]::new));
             ChildProcess ffmpeg = Clients.publishForever(dir, Media.makeTestFlv(dir),
                     "rtmp://127.0.0.1:" + node.port() + "/live/cam")) {
            ffmpeg.stdout().await("ffmpeg publishing", Clients.outTimeAtLeast(500_000), Duration.ofSeconds(20));
            AtomicLong toPlayer = new AtomicLong();
            int relayPort = relay(relayVertx, node.port(), toPlayer);
            try (ChildProcess rtmpdump = Clients.rtmpdump(dir, "rtmp://127.0.0.1:" + relayPort + "/live/cam",
                    dir.resolve("played.flv"))) {
                rtmpdump.stderr().await("rtmpdump receiving media", Clients.rtmpdumpProgress(), Duration.ofSeconds(20));
                Await.until(() -> "three play updates: " + receiver.events(EventReceiver.type("update", "play")),
                        () -> receiver.events(EventReceiver.type("update", "play")).size() >= 3, 20_000);
                rtmpdump.terminate(Duration.ofSeconds(10));
            }
            JsonObject stop = Await.value("play_stop", () -> receiver.events(EventReceiver.type("play_stop"))
                    .stream().findFirst().orElse(null));
            long reported = stop.getLong("bytesOut");
            long received = toPlayer.get();
            System.out.println("metering figure: rtmpdump play_stop bytesOut " + reported + ", relay counted "
                    + received + " (" + String.format("%+.3f", 100.0 * (reported - received) / received) + " %)");
            assertTrue(Math.abs(reported - received) <= received / 100, "play_stop bytesOut " + reported
                    + " vs bytes passed to rtmpdump's socket " + received);
            List<Long> updates = receiver.events(EventReceiver.type("update", "play")).stream()
                    .map(e -> e.getLong("bytesOut")).toList();
            for (int i = 1; i < updates.size(); i++) {
                assertTrue(updates.get(i) > updates.get(i - 1), "updates grow while media flows: " + updates);
            }
            JsonObject publishStart = receiver.events(EventReceiver.type("publish_start")).get(0);
            assertEquals("loopback", publishStart.getJsonObject("credential").getString("scheme"));
            assertEquals(List.of(), receiver.badSignatures());
        } finally {
            TestNode.await(relayVertx.close());
        }
    }

    /** A TCP relay to the node on a free port; {@code toPlayer} counts the bytes it writes to the player. */
    private static int relay(Vertx vertx, int nodePort, AtomicLong toPlayer) {
        NetServer server = vertx.createNetServer().connectHandler(player -> {
            player.pause();
            vertx.createNetClient().connect(nodePort, "127.0.0.1").onSuccess(node -> {
                node.handler(bytes -> {
                    toPlayer.addAndGet(bytes.length());
                    player.write(bytes);
                });
                player.handler(node::write);
                player.closeHandler(v -> node.close());
                node.closeHandler(v -> player.close());
                player.resume();
            }).onFailure(e -> player.close());
        });
        return TestNode.await(server.listen(TestNode.freePort(), "127.0.0.1")).actualPort();
    }
}
