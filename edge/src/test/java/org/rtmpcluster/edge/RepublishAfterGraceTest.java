package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.PacedPublisher;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher stays away longer than the unpublish grace, then publishes again, while players keep joining the
 * edge before, during and after the gap (often enough that the pull never goes idle): every player that joins
 * after the republish gets the new publish, and the edge holds one upstream for it.
 */
@Timeout(120)
class RepublishAfterGraceTest {
    private static final long GRACE_MILLIS = 500;
    private static final long JOIN_EVERY_MILLIS = 150;
    private static final StreamKey KEY = new StreamKey("live", "comeback");

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, "--unpublish-grace-ms", String.valueOf(GRACE_MILLIS),
                "--edge-upstream-idle-ms", "1000", "--edge-play-wait-ms", "1500");
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void playersJoiningAfterARepublishPastTheGraceGetTheNewPublish() throws InterruptedException {
        Joiners joiners = new Joiners();
        PacedPublisher before = PacedPublisher.start(clients, TestCluster.port(origin), "live", "comeback", 1);
        joiners.start();
        try {
            joiners.awaitMore(3);
            Await.until("the edge to pull", () -> edge.streams().find(KEY) != null
                    && edge.streams().find(KEY).stats().videoMessages() > 0);
            before.close();
            Await.until("the edge's stream to end after the grace", () -> edge.streams().find(KEY) == null);
            joiners.awaitMore(3);

            PacedPublisher after = PacedPublisher.start(clients, TestCluster.port(origin), "live", "comeback", 2);
            try {
                int firstAfter = joiners.count();
                joiners.awaitMore(8);
                joiners.finish();
                List<TestPlayer> late = joiners.players.subList(firstAfter, joiners.count());
                for (TestPlayer p : late) {
                    Await.until(() -> "video of the new publish at a player that joined after it (statuses "
                            + p.statuses() + ", " + p.received().size() + " messages)",
                            () -> hasVideoOf(after, p) || p.statuses().contains("NetStream.Play.Stop"));
                    assertFalse(p.statuses().contains("NetStream.Play.Stop"), "a player that joined after the "
                            + "republish was stopped: " + p.statuses());
                }
                MediaStream atOrigin = origin.streams().find(KEY);
                Await.until(() -> "one upstream at the origin (has " + atOrigin.stats().players() + ")",
                        () -> atOrigin.stats().players() == 1);
                assertEquals(1, edge.stats().upstreamPulls(), "one pull of the stream at the edge");
                assertTrue(late.stream().allMatch(p -> p.closeReason() == null), "the players stayed connected");
            } finally {
                after.close();
            }
        } finally {
            joiners.finish();
            joiners.players.forEach(TestPlayer::close);
        }
    }

    private static boolean hasVideoOf(PacedPublisher publisher, TestPlayer player) {
        Set<String> sent = publisher.sent().stream().map(Received::of).map(Received::content)
                .collect(Collectors.toSet());
        return player.received().stream().anyMatch(r -> r.isVideo() && sent.contains(r.content()));
    }

    /** Players that join the edge one after another, every {@link #JOIN_EVERY_MILLIS}, and stay. */
    private static final class Joiners extends Thread {
        final List<TestPlayer> players = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        Joiners() {
            super("joiners");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stopped) {
                TestPlayer p = TestPlayer.connect(clients, TestCluster.port(edge), "live");
                p.startPlay("comeback");
                players.add(p);
                try {
                    Thread.sleep(JOIN_EVERY_MILLIS); // the pace of arrivals, not a wait for an outcome
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int count() {
            return players.size();
        }

        void awaitMore(int more) {
            int target = count() + more;
            Await.until(() -> target + " joiners (have " + count() + ")", () -> count() >= target);
        }

        void finish() throws InterruptedException {
            stopped = true;
            join(10_000);
        }
    }
}
