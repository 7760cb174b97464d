package org.rtmpcluster.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an {@link FlvFile} to a server in real time, as an encoder would: each tag leaves when its timestamp
 * is due, the file loops with timestamps continuing (pass {@code n} is shifted by {@code n} times the file's
 * length), metadata and sequence headers are sent once at the start. Before each video frame goes to the socket its
 * timestamp, fingerprint and send time go to the {@link SendLog} the players measure against.
 *
 * <p>Lives on one event loop: everything after {@link #start} runs there.
 */
final class TimedPublisher {
    private final Vertx vertx;
    private final Endpoint server;
    private final String stream;
    private final FlvFile file;
    private final SendLog log;
    private final Promise<Void> firstGopSent = Promise.promise();
    private final AtomicLong videoFramesSent = new AtomicLong();
    private Context context;
    private RtmpClient client;
    private long startNanos;
    private int next;
    private int pass;
    private int keyframesSent;
    private volatile String closed;

    TimedPublisher(Vertx vertx, Endpoint server, String stream, FlvFile file, SendLog log) {
        this.vertx = vertx;
        this.server = server;
        this.stream = stream;
        this.file = file;
        this.log = log;
    }

    /**
     * Connects and publishes, then starts sending {@code delayMillis} later (streams of one run are spread over a
     * GOP so their keyframes do not all arrive at once). Completes when the server accepted the publish.
     */
    Future<Void> start(long delayMillis) {
        context = vertx.getOrCreateContext();
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> RtmpClient.connect(vertx, server.host(), server.port(), server.app(),
                        ConnectionOptions.DEFAULT)
                .compose(c -> {
                    client = c;
                    c.closeHandler(reason -> {
                        closed = reason;
                        firstGopSent.tryFail("publisher " + stream + " closed: " + reason);
                    });
                    return c.publish(stream);
                })
                .onSuccess(ok -> vertx.setTimer(Math.max(1, delayMillis), id -> {
                    startNanos = System.nanoTime();
                    sendDue();
                }))
                .onComplete(started));
        return started.future();
    }

    /** Completes once a whole GOP is out (the second keyframe was sent): the server has a full GOP cached. */
    Future<Void> firstGopSent() {
        return firstGopSent.future();
    }

    long videoFramesSent() {
        return videoFramesSent.get();
    }

    /** Why the connection closed, or null while it is open. */
    String closedReason() {
        return closed;
    }

    Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> (client == null ? Future.<Void>succeededFuture() : client.close())
                .onComplete(stopped));
        return stopped.future();
    }

    /** Sends every tag that is due, then sleeps on a timer until the next one is. */
    private void sendDue() {
        if (closed != null) {
            return;
        }
        List<FlvTag> tags = file.tags();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        while (true) {
            FlvTag tag = tags.get(next);
            long timestamp = tag.timestamp() + pass * file.loopMillis();
            if (timestamp > elapsedMillis) {
                vertx.setTimer(Math.max(1, timestamp - elapsedMillis), id -> sendDue());
                return;
            }
            if (pass == 0 || !(tag.type() == FlvTag.SCRIPT || tag.isSequenceHeader())) {
                send(tag, timestamp);
            }
            if (++next == tags.size()) {
                next = 0;
                pass++;
            }
        }
    }

    private void send(FlvTag tag, long timestamp) {
        // A fresh wrapper per send: whoever takes the message may release its payload; the bytes stay ours.
        ByteBuf payload = Unpooled.wrappedBuffer(tag.body());
        if (tag.isVideoFrame()) {
            log.record(timestamp, FrameFingerprint.of(payload), System.nanoTime());
        }
        client.send(new MediaMessage(tag.type(), timestamp, client.streamId(), payload));
        if (tag.isVideoFrame()) {
            videoFramesSent.incrementAndGet();
            if (tag.isKeyframe() && ++keyframesSent == 2) {
                firstGopSent.tryComplete();
            }
        }
    }
}
