package org.rtmpcluster.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What authorization costs a join ({@code bench/joins.sh}): players that each connect, play one stream and leave on
 * their first keyframe. {@code joins --port P --stream APP/NAME --players N --concurrency C [--query Q]} prints the time from play to the
 * first keyframe (p50, p95; the stream's GOP cache answers, so it is the session's own work, authorization
 * included) and joins per second with C joining at once. {@code webhook-receiver --port P --delay-ms D} answers an
 * authorization webhook with a yes after D ms, as a slow backend would.
 *
 * <p>The players are ours: this measures the server's join path, which a real player's process start would
 * drown; the fan-out figures are for real players ({@code compare.sh}).
 */
final class JoinCost {
    private JoinCost() {
    }

    static int joins(String[] args) throws Exception {
        Flags f = new Flags(args);
        int port = f.integer("port");
        String key = f.string("stream");
        int players = f.integer("players", 200);
        int concurrency = f.integer("concurrency", 1);
        String query = f.string("query", "");
        String app = key.substring(0, key.lastIndexOf('/'));
        String name = key.substring(key.lastIndexOf('/') + 1) + (query.isEmpty() ? "" : "?" + query);
        if (f.string("player", "ours").equals("rtmpdump")) {
            return rtmpdumpJoins(port, app, name, players);
        }
        Vertx vertx = Vertx.vertx();
        try {
            Percentiles ttfk = new Percentiles();
            AtomicInteger failed = new AtomicInteger();
            Semaphore slots = new Semaphore(concurrency);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < players; i++) {
                slots.acquire();
                CompletableFuture<Void> done = new CompletableFuture<>();
                all.add(done);
                join(vertx, port, app, name).onComplete(ar -> {
                    synchronized (ttfk) {
                        if (ar.succeeded()) {
                            ttfk.add(ar.result());
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    slots.release();
                    done.complete(null);
                });
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "players=%d concurrency=%d failed=%d ttfk_p50_us=%d ttfk_p95_us=%d"
                            + " joins_per_second=%.1f%n", players, concurrency, failed.get(), ttfk.percentile(0.5),
                    ttfk.percentile(0.95), (players - failed.get()) / seconds);
            return failed.get() == 0 ? 0 : 1;
        } finally {
            vertx.close().await();
        }
    }

    /** One join: connect, play; the future holds microseconds from play to the first keyframe. */
    private static Future<Long> join(Vertx vertx, int port, String app, String name) {
        Promise<Long> keyframe = Promise.promise();
        vertx.runOnContext(v -> RtmpClient.connect(vertx, "127.0.0.1", port, app, ConnectionOptions.DEFAULT)
                .compose(client -> {
                    long[] played = new long[1];
                    client.mediaHandler(batch -> onMedia(batch, played[0], keyframe, client))
                            .closeHandler(reason -> keyframe.tryFail("closed: " + reason));
                    played[0] = System.nanoTime();
                    return client.play(name);
                })
                .onFailure(keyframe::tryFail));
        return keyframe.future();
    }

    private static void onMedia(List<MediaMessage> batch, long playedNanos, Promise<Long> keyframe, RtmpClient c) {
        for (MediaMessage m : batch) {
            var p = m.payload();
            if (m.isVideo() && p.readableBytes() >= 2
                    && VideoTags.isKeyframe(p.getByte(p.readerIndex()), p.getByte(p.readerIndex() + 1))) {
                if (keyframe.tryComplete((System.nanoTime() - playedNanos) / 1000)) {
                    c.close();
                }
                return;
            }
        }
    }

    /**
     * Joins by rtmpdump, a real player, one at a time: microseconds from starting the process to the first video
     * keyframe on its standard output (so process start, TCP, handshake, connect and play, the same for every
     * policy; what differs is the authorization).
     */
    private static int rtmpdumpJoins(int port, String app, String name, int players) throws Exception {
        Percentiles joins = new Percentiles();
        int failed = 0;
        String url = "rtmp://127.0.0.1:" + port + "/" + app + "/" + name;
        for (int i = 0; i < players; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("rtmpdump", "-q", "-v", "-r", url, "-o", "-")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (java.io.InputStream in = new java.io.BufferedInputStream(p.getInputStream())) {
                if (untilKeyframe(in)) {
                    joins.add((System.nanoTime() - start) / 1000);
                } else {
                    failed++;
                }
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
        System.out.printf(Locale.ROOT, "players=%d player=rtmpdump failed=%d join_p50_us=%d join_p95_us=%d%n",
                players, failed, joins.percentile(0.5), joins.percentile(0.95));
        return failed == 0 ? 0 : 1;
    }

    /** Reads an FLV stream (FLV spec v10.1, E.2-E.4) up to its first video keyframe; false when it ends first. */
    private static boolean untilKeyframe(java.io.InputStream in) throws java.io.IOException {
        if (in.readNBytes(9 + 4).length < 13) { // file header, PreviousTagSize0
            return false;
        }
        while (true) {
            byte[] header = in.readNBytes(11);
            if (header.length < 11) {
                return false;
            }
            int size = (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF;
            byte[] body = in.readNBytes(size);
            if (body.length < size || in.readNBytes(4).length < 4) {
                return false;
            }
            if (header[0] == FlvTag.VIDEO && size >= 2 && VideoTags.isKeyframe(body[0], body[1])) {
                return true;
            }
        }
    }

    static int webhookReceiver(String[] args) throws Exception {
        Flags f = new Flags(args);
        int port = f.integer("port", 0);
        long delayMillis = f.integer("delay-ms", 50);
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                vertx.setTimer(Math.max(1, delayMillis), id -> request.response()
                        .putHeader("content-type", "application/json").end("{\"allow\":true}"))))
                .listen(port, "127.0.0.1").await();
        System.out.println("webhook receiver on 127.0.0.1:" + server.actualPort() + ", answering after "
                + delayMillis + " ms");
        Thread.currentThread().join(); // until killed
        return 0;
    }
}
