package org.rtmpcluster.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.client.RtmpUrl;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A live publisher on our own client that sends synthetic media at its real pace (25 fps with a keyframe each
 * second, audio every ~23 ms) and moves when the server asks, as an Enhanced RTMP encoder does: on a reconnect
 * request it connects to the new server at once, and at its next keyframe publishes there, holding back the
 * frames from that keyframe on until the publish has started; then it sends the headers and those frames to the
 * new server and closes the old connection. A move that fails leaves it on the old server.
 */
public final class PacedPublisher implements AutoCloseable {
    private static final long FRAME_MILLIS = 40;
    private static final int GOP_FRAMES = 25;

    private final Vertx vertx;
    private final Context context;
    private final String name;
    private final SyntheticMedia media;
    private final List<Move> moves = new ArrayList<>();
    private final List<MediaMessage> sent = new ArrayList<>();
    private RtmpClient client;
    /** Connected to where we move, not publishing yet. */
    private RtmpClient next;
    private RtmpUrl nextUrl;
    private long requestedNanos;
    /** Frames held back while the publish at {@link #next} starts; null when not moving. */
    private List<MediaMessage> held;
    private long frame;
    private long nextAudio;
    private long timer;

    private PacedPublisher(Vertx vertx, Context context, String name, long seed) {
        this.vertx = vertx;
        this.context = context;
        this.name = name;
        this.media = new SyntheticMedia(seed);
    }

    /** When the publisher moved: asked at {@code requestedNanos}, publishing at the new server from {@code movedNanos}. */
    public record Move(String from, String to, long requestedNanos, long movedNanos, long firstTimestamp) {
    }

    /** Connects to {@code app} on {@code port}, publishes {@code name} and starts sending. */
    public static PacedPublisher start(Vertx vertx, int port, String app, String name, long seed) {
        Context context = vertx.getOrCreateContext();
        PacedPublisher p = new PacedPublisher(vertx, context, name, seed);
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> p.connect(new RtmpUrl("127.0.0.1", port, app, ""))
                .compose(c -> c.publish(name).map(c))
                .onSuccess(c -> {
                    p.client = c;
                    p.sendHeaders(c, 0);
                    p.timer = vertx.setPeriodic(FRAME_MILLIS, id -> p.tick());
                })
                .<Void>mapEmpty().onComplete(started));
        TestNode.await(started.future());
        return p;
    }

    private Future<RtmpClient> connect(RtmpUrl url) {
        return RtmpClient.connect(vertx, url.host(), url.port(), url.appWithQuery(), ConnectionOptions.DEFAULT)
                .onSuccess(c -> c.reconnectHandler(to -> {
                    if (c == client) {
                        prepareMove(to);
                    }
                }));
    }

    private void sendHeaders(RtmpClient to, long ts) {
        to.send(SyntheticMedia.metadata(ts));
        to.send(media.videoSequenceHeader(ts));
        to.send(media.audioSequenceHeader(ts));
    }

    private void prepareMove(RtmpUrl to) {
        if (next != null || held != null) {
            return;
        }
        requestedNanos = System.nanoTime();
        nextUrl = to;
        connect(to).onSuccess(c -> next = c);
    }

    private void tick() {
        long ts = frame * FRAME_MILLIS;
        boolean keyframe = frame % GOP_FRAMES == 0;
        if (keyframe && next != null && held == null) {
            publishAtNext(ts);
        }
        while (nextAudio <= ts) {
            emit(media.audioFrame(nextAudio));
            nextAudio += 23;
        }
        emit(keyframe ? media.keyframe(ts, 6000) : media.interframe(ts, 600));
        frame++;
    }

    private void publishAtNext(long ts) {
        held = new ArrayList<>();
        RtmpClient moving = next;
        moving.publish(name).onComplete(ar -> {
            List<MediaMessage> backlog = held;
            held = null;
            next = null;
            if (ar.failed()) {
                moving.close();
                backlog.forEach(m -> client.send(m)); // stay where we are
                return;
            }
            RtmpClient old = client;
            client = moving;
            synchronized (this) {
                moves.add(new Move(old.url().tcUrl(), nextUrl.tcUrl(), requestedNanos, System.nanoTime(), ts));
            }
            // The headers go at the first held message's time, not the keyframe's: the audio of the keyframe's
            // tick, held first, is a few ms older than the keyframe, and after headers at the keyframe's time it
            // went back in time (which an interleaving muxer never sends). An edge that joined the new server
            // before the backlog came passed that on to its players, rebased.
            sendHeaders(moving, backlog.get(0).timestamp());
            backlog.forEach(moving::send);
            old.close();
        });
    }

    private void emit(MediaMessage m) {
        synchronized (this) {
            sent.add(m.withPayload(m.payload().copy()));
        }
        if (held != null) {
            held.add(m);
        } else {
            client.send(m);
        }
    }

    /** The moves so far. Any thread. */
    public synchronized List<Move> moves() {
        return List.copyOf(moves);
    }

    /** Every audio and video frame sent (not the headers), in order. Any thread. */
    public synchronized List<MediaMessage> sent() {
        return List.copyOf(sent);
    }

    /** The connection publishing now. */
    public RtmpClient client() {
        return TestNode.onContext(context, () -> client);
    }

    @Override
    public void close() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            if (next != null) {
                next.close();
            }
            (client == null ? Future.<Void>succeededFuture() : client.close()).onComplete(closed);
        });
        TestNode.await(closed.future());
        synchronized (this) {
            sent.forEach(m -> m.payload().release());
        }
    }
}
