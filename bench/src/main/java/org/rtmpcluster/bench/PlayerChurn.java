package org.rtmpcluster.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Players joining an edge and leaving it without pause, as an audience does: arrivals at random (a Poisson process
 * sized so that {@code players} are on the edge on average), each on a random key, most staying a random time and
 * some hanging up the moment they have sent {@code play}, before any answer. Keys are unequally popular (the
 * {@code n}-th published key is chosen in proportion to 1/n), so the rarely played ones are often left with no
 * player and the edge's idle close runs all the time; a share of players ask for keys nobody publishes. Every
 * player is in the {@link PlayerLedger} from before it connects until its connection has closed.
 *
 * <p>Lives on one event loop: arrivals, players and their timers all run there.
 */
final class PlayerChurn {
    /** The reason {@link RtmpClient#close} gives; any other means the edge closed the connection. */
    private static final String CLOSED_BY_US = "client closed";

    /** The shape of the audience. */
    record Audience(int players, long maxStayMillis, int vanishPercent, int ghostPercent) {
    }

    private final Vertx vertx;
    private final Endpoint edge;
    private final List<String> published;
    private final List<String> ghosts;
    private final Audience audience;
    private final PlayerLedger ledger;
    private final Random random;
    private final double[] cumulativeWeight;
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong playing = new AtomicLong();
    private final AtomicLong vanished = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong leftWaiting = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong mediaBytes = new AtomicLong();
    private Context context;
    private long arrivalTimer = -1;
    private boolean stopped;
    private volatile String lastFailure;
    private volatile String lastDrop;

    PlayerChurn(Vertx vertx, Endpoint edge, List<String> published, List<String> ghosts, Audience audience,
                PlayerLedger ledger, long seed) {
        this.vertx = vertx;
        this.edge = edge;
        this.published = published;
        this.ghosts = ghosts;
        this.audience = audience;
        this.ledger = ledger;
        this.random = new Random(seed);
        this.cumulativeWeight = new double[published.size()];
        double sum = 0;
        for (int i = 0; i < published.size(); i++) {
            sum += 1.0 / (i + 1);
            cumulativeWeight[i] = sum;
        }
    }

    void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> scheduleArrival());
    }

    /** No more arrivals; players already on the edge stay until they leave. */
    Future<Void> stopArrivals() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            vertx.cancelTimer(arrivalTimer);
            done.complete();
        });
        return done.future();
    }

    private void scheduleArrival() {
        // Little's law: players on average = arrival rate x mean stay (half the longest; vanishers stay ~0).
        double meanStayMillis = audience.maxStayMillis() / 2.0 * (100 - audience.vanishPercent()) / 100;
        double meanGapMillis = meanStayMillis / audience.players();
        long gap = Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis));
        arrivalTimer = vertx.setTimer(gap, id -> {
            if (!stopped) {
                join(pickKey(), random.nextInt(100) < audience.vanishPercent(),
                        (long) (random.nextDouble() * audience.maxStayMillis()));
                scheduleArrival();
            }
        });
    }

    private String pickKey() {
        if (!ghosts.isEmpty() && random.nextInt(100) < audience.ghostPercent()) {
            return ghosts.get(random.nextInt(ghosts.size()));
        }
        double r = random.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
        for (int i = 0; i < cumulativeWeight.length; i++) {
            if (r < cumulativeWeight[i]) {
                return published.get(i);
            }
        }
        return published.get(published.size() - 1);
    }

    private void join(String key, boolean vanish, long stayMillis) {
        joins.incrementAndGet();
        ledger.joined(key);
        StreamKey stream = StreamKey.parse(key);
        RtmpClient.connect(vertx, edge.host(), edge.port(), stream.app(), ConnectionOptions.DEFAULT).onComplete(ar -> {
            if (ar.failed()) {
                failed(key, "connect: " + ar.cause().getMessage());
                ledger.left(key, System.nanoTime());
                return;
            }
            RtmpClient client = ar.result();
            client.closeHandler(reason -> {
                ledger.left(key, System.nanoTime());
                if (!reason.equals(CLOSED_BY_US)) {
                    dropped.incrementAndGet();
                    lastDrop = key + " " + reason;
                }
            });
            if (vanish) {
                vanish(client, stream.name());
            } else {
                watch(client, key, stream.name(), stayMillis);
            }
        });
    }

    /** Sends play and hangs up at once: the edge reads the play, then the end of the connection. */
    private void vanish(RtmpClient client, String name) {
        client.createStream().onComplete(ar -> {
            if (ar.succeeded()) {
                client.streamCommand("play", name, -1000.0);
                vanished.incrementAndGet();
            }
            client.close();
        });
    }

    private void watch(RtmpClient client, String key, String name, long stayMillis) {
        client.mediaHandler(this::count);
        boolean[] answered = new boolean[1];
        long leave = vertx.setTimer(Math.max(1, stayMillis), id -> {
            if (!answered[0]) {
                leftWaiting.incrementAndGet(); // the edge is still finding the stream
            }
            client.close();
        });
        client.play(name).onComplete(ar -> {
            answered[0] = true;
            if (ar.succeeded()) {
                playing.incrementAndGet();
            } else if (!client.isClosed()) {
                if ("NetStream.Play.StreamNotFound".equals(ar.cause().getMessage())) {
                    notFound.incrementAndGet();
                } else {
                    failed(key, "play: " + ar.cause().getMessage());
                }
                vertx.cancelTimer(leave);
                client.close();
            }
        });
    }

    private void count(List<MediaMessage> batch) {
        long bytes = 0;
        for (MediaMessage m : batch) {
            bytes += m.payload().readableBytes();
        }
        mediaBytes.addAndGet(bytes);
    }

    private void failed(String key, String why) {
        failed.incrementAndGet();
        lastFailure = key + " " + why;
    }

    /**
     * Counts so far: players that joined, got Play.Start, vanished right after play, left while their play still
     * waited for an answer, were told StreamNotFound, could not connect or play, were closed by the edge; media
     * payload bytes received.
     */
    record Counts(long joins, long playing, long vanished, long leftWaiting, long notFound, long failed,
                  long dropped, long mediaBytes) {
    }

    Counts counts() {
        return new Counts(joins.get(), playing.get(), vanished.get(), leftWaiting.get(), notFound.get(),
                failed.get(), dropped.get(), mediaBytes.get());
    }

    /** The latest failure to connect or play, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** The latest player the edge closed, with its reason, or null. */
    String lastDrop() {
        return lastDrop;
    }
}
