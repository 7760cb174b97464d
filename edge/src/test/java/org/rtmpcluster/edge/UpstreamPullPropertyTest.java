package org.rtmpcluster.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamOptions;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.node.EdgeOptions;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.server.PlayLease;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives an edge's pulls through random orders of player joins and leaves (some leave before their play is
 * answered, some leave twice), upstream failures, and registry events (newer, stale, the stream gone from the
 * registry), against a real origin on loopback. After every step the stream has at most one upstream; at the end,
 * with every player gone, no upstream and no pull are left once the idle time has passed, and every player got an
 * answer. A failure names its seed, which replays the same steps (their timing varies): {@code -Dpull.seed=N
 * -Dpull.runs=1}.
 */
@Timeout(240)
class UpstreamPullPropertyTest {
    private static final long IDLE_MILLIS = 40;
    private static final long PLAY_WAIT_MILLIS = 150;
    /** After this long with no players the idle close is due, and the steps check that it comes. */
    private static final long CLOSE_SLACK_MILLIS = 400;
    /** How long it may take on a loaded machine (a GC pause, a connect in flight); not a figure under test. */
    private static final long CLOSE_LIMIT_MILLIS = 5_000;
    private static final StreamKey KEY = new StreamKey("live", "prop");

    private static TestNode origin;
    private static Vertx clients;
    private static TestPublisher publisher;
    private static Vertx edge;
    private static Context pullContext;
    private static List<Context> playerContexts;

    @BeforeAll
    static void start() {
        origin = TestNode.start();
        clients = Vertx.vertx();
        publisher = TestPublisher.connect(clients, origin.port(), "live").publish("prop");
        publisher.send(new SyntheticMedia(7).stream(0, 1, 25));
        edge = Vertx.vertx();
        pullContext = edge.getOrCreateContext();
        playerContexts = List.of(edge.getOrCreateContext(), edge.getOrCreateContext());
    }

    @AfterAll
    static void stop() {
        publisher.close();
        TestNode.await(clients.close());
        TestNode.await(edge.close());
        origin.close();
    }

    @Test
    void randomJoinsLeavesAndFailuresNeverMakeTwoUpstreamsNorLeaveOneIdle() {
        long base = Long.getLong("pull.seed", System.nanoTime());
        int runs = Integer.getInteger("pull.runs", 20);
        for (int i = 0; i < runs; i++) {
            long seed = base + i;
            try {
                new Run(new Random(seed)).play(40);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    /** One random history against a fresh edge (stream table, pull table, registry view). */
    private static final class Run {
        private final Random random;
        private final StreamTable table = new StreamTable(StreamOptions.DEFAULT);
        private final List<RtmpClient> upstreams = new CopyOnWriteArrayList<>();
        private final AtomicReference<StreamRecord> registry = new AtomicReference<>(
                new StreamRecord(KEY.toString(), "origin", "127.0.0.1:" + origin.port(), 0, 1, true));
        private final List<PlayLease> holding = new ArrayList<>();
        private final List<Future<MediaStream>> answers = new ArrayList<>();
        private final List<String> history = new ArrayList<>();
        private long emptySince = System.nanoTime();
        /** Counts a pull until it has stopped, not only until its close began. */
        private final NodeStats stats = new NodeStats();
        private final PullTable pulls;

        Run(Random random) {
            this.random = random;
            EdgeOptions options = new EdgeOptions(PLAY_WAIT_MILLIS, IDLE_MILLIS, List.of());
            // The registry answers a lookup after a while, as Hazelcast does, so events can overtake answers.
            UpstreamFinder finder = new UpstreamFinder(List.of(), key -> {
                Promise<StreamRecord> answer = Promise.promise();
                edge.setTimer(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10), id -> {
                    StreamRecord r = registry.get();
                    answer.complete(r.live() ? r : null);
                });
                return answer.future();
            });
            UpstreamPull.Connector connector = (upstream, app) -> RtmpClient.connect(edge, upstream.host(),
                    upstream.port(), app, ConnectionOptions.DEFAULT).onSuccess(upstreams::add);
            pulls = new PullTable(edge, IDLE_MILLIS, (key, onStopped) ->
                    new UpstreamPull(key, pullContext, table, finder, connector, StreamKey::name, options, onStopped,
                            new NodeStats()), stats, key -> null);
        }

        void play(int steps) {
            for (int i = 0; i < steps; i++) {
                step();
                assertAtMostOneUpstream();
                long emptyMillis = (System.nanoTime() - emptySince) / 1_000_000;
                if (holding.isEmpty() && emptyMillis > IDLE_MILLIS + CLOSE_SLACK_MILLIS) {
                    // Awaited, not read at one instant: with no player nothing may keep an upstream open, but how
                    // soon it closes depends on the machine's load.
                    Await.until(() -> openUpstreams() + " upstream open " + emptyMillis + " ms after the last player"
                            + " left; history " + history, () -> openUpstreams() == 0, CLOSE_LIMIT_MILLIS);
                }
            }
            new ArrayList<>(holding).forEach(this::leave);
            // A closing pull leaves pulls() at once and stops a hop later; the table's buffers go back after that.
            Await.until(() -> "no upstream and no pull once idle; open upstreams " + openUpstreams() + ", pulls "
                    + pulls.pulls().size() + ", counted " + stats.upstreamPulls() + ", history " + history, () -> openUpstreams() == 0
                    && pulls.pulls().isEmpty() && stats.upstreamPulls() == 0, 5_000);
            Await.until(() -> "an answer for every player; history " + history,
                    () -> answers.stream().allMatch(Future::isComplete), 5_000);
            table.releaseAll();
        }

        private void step() {
            int dice = random.nextInt(100);
            if (dice < 30) {
                join();
            } else if (dice < 40) {
                leave(join()); // a player that vanishes right after asking to play
            } else if (dice < 60) {
                if (!holding.isEmpty()) {
                    PlayLease lease = holding.get(random.nextInt(holding.size()));
                    leave(lease);
                    if (random.nextInt(4) == 0) {
                        lease.release(); // a second release changes nothing
                    }
                }
            } else if (dice < 70) {
                dropAnUpstream();
            } else if (dice < 80) {
                StreamRecord r = registry.updateAndGet(old -> new StreamRecord(old.key(), old.nodeId(),
                        old.rtmpAddress(), 0, old.epoch() + 1, true));
                event(r, "newer epoch " + r.epoch());
            } else if (dice < 85) {
                StreamRecord r = registry.get();
                event(new StreamRecord(r.key(), r.nodeId(), r.rtmpAddress(), 0, r.epoch() - 1, true), "stale epoch");
            } else if (dice < 90) {
                // The publisher leaves (a tombstone), or comes back under a new epoch, and the registry says so.
                StreamRecord r = registry.updateAndGet(old -> new StreamRecord(old.key(), old.nodeId(),
                        old.rtmpAddress(), 0, old.live() ? old.epoch() : old.epoch() + 1, !old.live()));
                event(r, r.live() ? "published again, epoch " + r.epoch() : "unpublished");
            } else if (dice < 93) {
                long millis = IDLE_MILLIS + CLOSE_SLACK_MILLIS;
                history.add("pause " + millis);
                sleep(millis);
            } else {
                // A pause of random length lets timers (idle close, retry, wait) fire between other steps; the
                // assertions never depend on it.
                long millis = random.nextInt((int) (3 * IDLE_MILLIS));
                history.add("pause " + millis);
                sleep(millis);
            }
        }

        private PlayLease join() {
            Context on = playerContexts.get(random.nextInt(playerContexts.size()));
            PlayLease lease = onContext(on, () -> pulls.join(KEY));
            holding.add(lease);
            answers.add(lease.stream());
            // A session gives its lease back when the stream is not found, as ServerSession does.
            lease.stream().onSuccess(s -> {
                if (s == null) {
                    on.runOnContext(v -> lease.release());
                }
            });
            history.add("join");
            return lease;
        }

        private void leave(PlayLease lease) {
            Context on = playerContexts.get(random.nextInt(playerContexts.size()));
            onContext(on, () -> {
                lease.release();
                return null;
            });
            if (holding.remove(lease) && holding.isEmpty()) {
                emptySince = System.nanoTime();
            }
            history.add("leave");
        }

        private void dropAnUpstream() {
            history.add("upstream drops");
            onContext(pullContext, () -> {
                upstreams.stream().filter(c -> !c.isClosed()).findAny().ifPresent(RtmpClient::close);
                return null;
            });
        }

        private void event(StreamRecord record, String what) {
            history.add(what);
            UpstreamPull pull = pulls.find(KEY);
            if (pull != null) {
                pull.onRecord(record);
            }
        }

        /** Counted on the pulls' event loop, where upstreams open and close, so the count is of one moment. */
        private void assertAtMostOneUpstream() {
            long open = openUpstreams();
            assertTrue(open <= 1, open + " upstreams open at once; history " + history);
        }

        private long openUpstreams() {
            return onContext(pullContext, () -> upstreams.stream().filter(c -> !c.isClosed()).count());
        }
    }

    private static <T> T onContext(Context context, java.util.function.Supplier<T> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> done.complete(action.get()));
        return TestNode.await(done.future());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
