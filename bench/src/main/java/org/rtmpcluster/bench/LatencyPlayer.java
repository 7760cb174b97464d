package org.rtmpcluster.bench;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.List;

/**
 * One player of a stream that measures what a viewer would see: time from its {@code play} to the first keyframe,
 * and, while the {@link MeasurementWindow} is open, the payload bytes and video frames it receives and, per video
 * frame published after its play, the latency from the publisher's send (looked up in the {@link SendLog}) to its
 * arrival here. Frames a server replays from a GOP cache were sent before the play and so are not latency.
 *
 * <p>Lives on one event loop: all its state is touched there; {@link #result} hands it over.
 */
final class LatencyPlayer {
    private final Vertx vertx;
    private final Endpoint server;
    private final String stream;
    private final SendLog log;
    private final MeasurementWindow window;
    private final Promise<Void> firstKeyframe = Promise.promise();
    private final Percentiles latencyMicros = new Percentiles();
    private final Context context;
    private long playNanos = -1;
    private long firstKeyframeNanos = -1;
    private long windowBytes;
    private long windowVideoFrames;
    private long timestampsExact;
    private long timestampsShifted;
    private long framesUnknown;
    private String closed;

    LatencyPlayer(Vertx vertx, Endpoint server, String stream, SendLog log, MeasurementWindow window) {
        this.vertx = vertx;
        this.server = server;
        this.stream = stream;
        this.log = log;
        this.window = window;
        this.context = vertx.getOrCreateContext(); // from the main thread: a new context, event loops in turn
    }

    /** Connects and plays {@code delayMillis} from now; completes on NetStream.Play.Start. */
    Future<Void> start(long delayMillis) {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> vertx.setTimer(Math.max(1, delayMillis), id -> RtmpClient.connect(vertx,
                        server.host(), server.port(), server.app(), ConnectionOptions.DEFAULT)
                .compose(client -> {
                    client.mediaHandler(this::onMedia).closeHandler(this::onClose);
                    playNanos = System.nanoTime(); // createStream, then play: one round trip before the play itself
                    return client.play(stream);
                })
                .onComplete(started)));
        return started.future();
    }

    /** Completes on the first keyframe; fails if the connection closes first. */
    Future<Void> firstKeyframe() {
        return firstKeyframe.future();
    }

    /** What this player measured, read on its event loop (so after every frame it has handled). */
    Future<PlayerResult> result() {
        Promise<PlayerResult> result = Promise.promise();
        context.runOnContext(v -> result.complete(new PlayerResult(stream, windowBytes, windowVideoFrames,
                firstKeyframeNanos < 0 ? -1 : firstKeyframeNanos - playNanos, latencyMicros, timestampsExact,
                timestampsShifted, framesUnknown, closed)));
        return result.future();
    }

    // The payloads are valid only during this call: read what is needed, keep nothing.
    private void onMedia(List<MediaMessage> batch) {
        long now = System.nanoTime();
        boolean measuring = window.isOpen();
        for (MediaMessage m : batch) {
            ByteBuf payload = m.payload();
            if (measuring) {
                windowBytes += payload.readableBytes();
            }
            if (!m.isVideo() || payload.readableBytes() < 2) {
                continue;
            }
            byte first = payload.getByte(payload.readerIndex());
            byte second = payload.getByte(payload.readerIndex() + 1);
            if (VideoTags.isSequenceHeader(first, second)) {
                continue;
            }
            if (firstKeyframeNanos < 0 && VideoTags.isKeyframe(first, second)) {
                firstKeyframeNanos = now;
                firstKeyframe.tryComplete();
            }
            if (measuring) {
                windowVideoFrames++;
                measure(m.timestamp(), FrameFingerprint.of(payload), now);
            }
        }
    }

    private void measure(long timestamp, long fingerprint, long now) {
        SendLog.Sent sent = log.find(timestamp, fingerprint);
        if (sent == null) {
            framesUnknown++;
            return;
        }
        if (sent.timestamp() == timestamp) {
            timestampsExact++;
        } else {
            timestampsShifted++;
        }
        if (sent.sentNanos() > playNanos) {
            latencyMicros.add((now - sent.sentNanos()) / 1000);
        }
    }

    private void onClose(String reason) {
        closed = reason;
        firstKeyframe.tryFail("closed before the first keyframe: " + reason);
    }

    /** A player's measurements; {@code closeReason} is null if it was still connected. */
    record PlayerResult(String stream, long windowBytes, long windowVideoFrames, long timeToFirstKeyframeNanos,
                        Percentiles latencyMicros, long timestampsExact, long timestampsShifted, long framesUnknown,
                        String closeReason) {
    }
}
