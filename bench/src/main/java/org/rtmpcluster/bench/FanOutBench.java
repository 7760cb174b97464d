package org.rtmpcluster.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens N players on one RTMP stream and reports what they receive: how many stayed connected, the bitrate each
 * got, and video frames per second. The node's CPU is measured by the script around it ({@code bench/fanout.sh}).
 *
 * <pre>java -jar bench/target/bench.jar fanout rtmp://127.0.0.1:1935/live/bench PLAYERS SECONDS</pre>
 */
final class FanOutBench {
    private FanOutBench() {
    }

    static int run(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: java -jar bench.jar fanout rtmp://host:port/app/stream "
                    + "PLAYERS SECONDS");
        }
        URI url = URI.create(args[0]);
        int players = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String path = url.getPath().substring(1);
        String app = path.substring(0, path.lastIndexOf('/'));
        String stream = path.substring(path.lastIndexOf('/') + 1);
        int port = url.getPort() < 0 ? 1935 : url.getPort();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        List<Player> all = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            Player p = new Player();
            all.add(p);
            p.start(vertx, url.getHost(), port, app, stream).toCompletionStage().toCompletableFuture().get();
        }
        System.err.printf("%d players connected; measuring for %d s%n", players, seconds);
        all.forEach(Player::resetCounters);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement window, not a synchronisation
        double elapsed = (System.nanoTime() - start) / 1e9;

        long connected = all.stream().filter(p -> p.closed == null).count();
        double[] kbps = all.stream().mapToDouble(p -> p.bytes.get() * 8 / elapsed / 1000).sorted().toArray();
        double fps = all.stream().mapToDouble(p -> p.videoFrames.get() / elapsed).average().orElse(0);
        double totalMbps = all.stream().mapToDouble(p -> p.bytes.get() * 8 / elapsed / 1e6).sum();
        System.out.printf(Locale.ROOT, "players=%d connected=%d total_mbps=%.1f per_player_kbps_min=%.0f "
                        + "per_player_kbps_median=%.0f video_fps_avg=%.1f%n", players, connected, totalMbps, kbps[0],
                kbps[kbps.length / 2], fps);
        vertx.close().toCompletionStage().toCompletableFuture().get();
        return connected == players ? 0 : 1;
    }

    /** One player: counts payload bytes and video frames as they arrive. */
    private static final class Player {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong videoFrames = new AtomicLong();
        volatile String closed;

        Future<Void> start(Vertx vertx, String host, int port, String app, String stream) {
            Context context = vertx.getOrCreateContext();
            Promise<Void> started = Promise.promise();
            context.runOnContext(v -> RtmpClient.connect(vertx, host, port, app, ConnectionOptions.DEFAULT)
                    .compose(client -> {
                        client.mediaHandler(this::count).closeHandler(reason -> closed = reason);
                        return client.play(stream);
                    }).onComplete(started));
            return started.future();
        }

        void count(List<MediaMessage> batch) {
            for (MediaMessage m : batch) {
                bytes.addAndGet(m.payload().readableBytes());
                if (m.isVideo()) {
                    videoFrames.incrementAndGet();
                }
            }
        }

        void resetCounters() {
            bytes.set(0);
            videoFrames.set(0);
        }
    }
}
