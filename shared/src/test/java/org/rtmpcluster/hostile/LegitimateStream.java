package org.rtmpcluster.hostile;

import io.vertx.core.Vertx;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The bystanders of an attack: a publisher and a player of live/cam on our own client, on the attacked node. Every
 * message published from the player's first keyframe on must reach the player, byte-exact and in order, and the
 * player must stay connected, whatever the hostile peers beside them do.
 */
final class LegitimateStream implements AutoCloseable {
    static final StreamKey KEY = new StreamKey("live", "cam");
    private static final int FPS = 25;
    private static final long FRAME_MILLIS = 1000 / FPS;
    private static final long AUDIO_MILLIS = 23;
    /** A joining player gets metadata and the two sequence headers before the GOP. */
    private static final int HEADERS_AT_JOIN = 3;

    private final Vertx clients = Vertx.vertx();
    private final SyntheticMedia media = new SyntheticMedia(42);
    private final List<String> expected = new ArrayList<>();
    private final TestNode node;
    private final TestPublisher publisher;
    private final TestPlayer player;
    private long nextVideo;
    private long nextAudio;

    private LegitimateStream(TestNode node) {
        this.node = node;
        try {
            publisher = TestPublisher.connect(clients, node.port(), KEY.app()).publish(KEY.name());
            player = join();
        } catch (RuntimeException | AssertionError e) {
            TestNode.await(clients.close());
            throw e;
        }
        nextVideo = FRAME_MILLIS;
        nextAudio = 0;
    }

    /** Publishes headers and a first keyframe, then lets the player join: it starts with exactly those. */
    private TestPlayer join() {
        MediaMessage keyframe = media.keyframe(0, 7000);
        publisher.send(List.of(SyntheticMedia.metadata(0), media.videoSequenceHeader(0), media.audioSequenceHeader(0),
                keyframe));
        Await.until("the first keyframe at the node", () -> stream() != null && stream().stats().videoMessages() >= 2);
        TestPlayer joined = TestPlayer.connect(clients, node.port(), KEY.app()).play(KEY.name());
        Await.until("the legitimate player to join", () -> stream().stats().players() == 1);
        expected.add(Received.of(keyframe).content());
        return joined;
    }

    /** Publishes live/cam on {@code node} and plays it; returns once the player has joined. */
    static LegitimateStream start(NodeUnderAttack node) {
        return new LegitimateStream(node.testNode());
    }

    MediaStream stream() {
        return node.node().streams().find(KEY);
    }

    /**
     * Publishes {@code seconds} more of 25 fps video (a keyframe and a cue point each second, interframes of
     * {@code frameBytes}) with audio every 23 ms; returns the payload bytes sent.
     */
    long publish(int seconds, int frameBytes) {
        List<MediaMessage> batch = new ArrayList<>();
        for (int frame = 0; frame < seconds * FPS; frame++) {
            long ts = nextVideo;
            while (nextAudio <= ts) {
                batch.add(media.audioFrame(nextAudio));
                nextAudio += AUDIO_MILLIS;
            }
            boolean keyframe = ts % 1000 == 0;
            batch.add(keyframe ? media.keyframe(ts, 4 * frameBytes) : media.interframe(ts, frameBytes));
            if (keyframe) {
                batch.add(SyntheticMedia.cuePoint(ts, "cue" + ts / 1000));
            }
            nextVideo += FRAME_MILLIS;
        }
        batch.forEach(m -> expected.add(Received.of(m).content()));
        publisher.send(batch);
        return batch.stream().mapToLong(m -> m.payload().readableBytes()).sum();
    }

    /** Waits until the player has everything published so far, then checks it is exactly that and in order. */
    void assertPlayerHasEverything() {
        int total = HEADERS_AT_JOIN + expected.size();
        Await.until(() -> "the legitimate player to receive " + total + " messages (has " + player.received().size()
                + ", close reason " + player.closeReason() + ")", () -> player.received().size() >= total);
        List<Received> got = player.received();
        List<String> contents = got.subList(HEADERS_AT_JOIN, got.size()).stream().map(Received::content).toList();
        assertEquals(expected.size(), contents.size(), "messages at the legitimate player after its headers");
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(contents.get(i))) {
                throw new AssertionError("legitimate player's message " + i + " of " + expected.size()
                        + " differs from what was published: " + got.get(HEADERS_AT_JOIN + i));
            }
        }
        assertNull(player.closeReason(), "the legitimate player stayed connected");
    }

    /** Publishes one more second and checks that the player gets all of it (and everything before). */
    void assertStillFlows() {
        publish(1, 800);
        assertPlayerHasEverything();
    }

    @Override
    public void close() {
        player.close();
        publisher.close();
        TestNode.await(clients.close());
    }
}
