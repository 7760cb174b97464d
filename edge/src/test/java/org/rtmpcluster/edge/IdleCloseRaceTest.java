package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.server.PlayLease;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.PacedPublisher;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A player that joins around the moment an idle upstream closes keeps getting video: the idle close and a new
 * lease are atomic (the classic edge race: SRS #2911, #2215, #1884), whichever comes first.
 */
@Timeout(180)
class IdleCloseRaceTest {
    private static final long IDLE_MILLIS = 2000;
    /** How long a joiner must keep receiving video to count as served. */
    private static final long SERVED_MILLIS = 2500;
    /** The longest gap between two video frames of a 25 fps stream that still counts as continuous. */
    private static final long MAX_GAP_MILLIS = 1000;

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, "--edge-upstream-idle-ms", String.valueOf(IDLE_MILLIS));
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
    }

    @AfterEach
    void noHook() {
        cluster.host(edge).pulls().onIdleClose(key -> { });
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void aPlayAsTheIdleCloseDecidesGetsAStreamThatKeepsBeingFed() {
        StreamKey key = new StreamKey("live", "boundary");
        EdgeStreamHost host = cluster.host(edge);
        AtomicReference<PlayLease> atTheClose = new AtomicReference<>();
        int port = TestCluster.port(origin);
        try (PacedPublisher publisher = PacedPublisher.start(clients, port, "live", "boundary", 3)) {
            try (TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("boundary")) {
                first.awaitMessages(5);
                // The play command of a player, handled on an event loop between the close decision and the stop.
                host.pulls().onIdleClose(k -> {
                    if (k.equals(key) && atTheClose.get() == null) {
                        atTheClose.set(host.play(key));
                    }
                });
            }
            Await.until(() -> "the idle close to decide", () -> atTheClose.get() != null, 3 * IDLE_MILLIS + 10_000);
            PlayLease lease = atTheClose.get();
            MediaStream stream = TestNode.await(lease.stream());
            assertNotNull(stream, "the stream is there");
            long before = stream.stats().videoMessages();
            Await.until(() -> "a second of video into the stream the play got (had " + before + ", has "
                    + stream.stats().videoMessages() + ")", () -> stream.stats().videoMessages() >= before + 25);
            lease.release();
        }
    }

    @Test
    void playersJoiningJustBeforeAtAndJustAfterTheIdleCloseKeepGettingVideo() throws InterruptedException {
        try (PacedPublisher publisher = PacedPublisher.start(clients, TestCluster.port(origin), "live", "around", 5)) {
            for (long offset : new long[] {100, IDLE_MILLIS - 100, IDLE_MILLIS, IDLE_MILLIS + 100}) {
                try (TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("around")) {
                    first.awaitMessages(5);
                }
                Await.until("the edge to see the player leave", () -> edge.stats().players() == 0);
                // Placing a join in time relative to the leave, the moment under test; no outcome waits on it.
                Thread.sleep(offset);
                try (TestPlayer joiner = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("around")) {
                    long joined = System.nanoTime();
                    Await.until(() -> "video " + SERVED_MILLIS + " ms after a join " + offset + " ms after the leave "
                            + "(video arrivals " + videoArrivals(joiner, joined) + ", statuses "
                            + joiner.statuses() + ")",
                            () -> lastVideoMillis(joiner, joined) >= SERVED_MILLIS, SERVED_MILLIS + 10_000);
                    List<Long> arrivals = videoArrivals(joiner, joined);
                    for (int i = 1; i < arrivals.size(); i++) {
                        assertFalse(arrivals.get(i) - arrivals.get(i - 1) > MAX_GAP_MILLIS, "a gap in the video of "
                                + "a join " + offset + " ms after the leave: " + arrivals);
                    }
                }
            }
        }
    }

    /** When each video frame reached the player, in ms after {@code joined}. */
    private static List<Long> videoArrivals(TestPlayer player, long joined) {
        List<Received> received = player.received();
        List<Long> arrivals = player.arrivals();
        return java.util.stream.IntStream.range(0, Math.min(received.size(), arrivals.size()))
                .filter(i -> received.get(i).isVideo())
                .mapToObj(i -> (arrivals.get(i) - joined) / 1_000_000).toList();
    }

    private static long lastVideoMillis(TestPlayer player, long joined) {
        List<Long> arrivals = videoArrivals(player, joined);
        return arrivals.isEmpty() ? -1 : arrivals.get(arrivals.size() - 1);
    }
}
