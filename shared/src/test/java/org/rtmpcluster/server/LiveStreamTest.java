package org.rtmpcluster.server;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publish and play through a node with our own client: what players receive, in what order, and when. */
@Timeout(60)
class LiveStreamTest {
    private static final StreamKey KEY = new StreamKey("live", "cam");

    private Vertx clients;
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--unpublish-grace-ms", "5000", "--publisher-takeover-ms", "300");
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        TestNode.await(clients.close());
        node.close();
    }

    private MediaStream awaitVideo(long count) {
        return Await.value(count + " video messages at the node", () -> {
            MediaStream s = node.node().streams().find(KEY);
            return s != null && s.stats().videoMessages() >= count ? s : null;
        });
    }

    @Test
    void playerReceivesEveryMessageByteExactWithDataInOrder() {
        SyntheticMedia media = new SyntheticMedia(1);
        List<MediaMessage> stream = media.stream(0, 4, 25);
        int firstKeyframe = 3; // metadata, video header, audio header, then audio and the first keyframe
        while (!stream.get(firstKeyframe).isVideo()) {
            firstKeyframe++;
        }
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(stream.subList(0, firstKeyframe + 1));
            awaitVideo(2);
            MediaStream atNode = node.node().streams().find(KEY);
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                Await.until("the player to join", () -> atNode.stats().players() == 1);
                publisher.send(stream.subList(firstKeyframe + 1, stream.size()));
                int expected = 3 + stream.size() - firstKeyframe;
                player.awaitMessages(expected);
                List<Received> got = player.received();
                // First: metadata without @setDataFrame, then the two sequence headers, then the GOP.
                String metadata = new String(got.get(0).payload(), StandardCharsets.ISO_8859_1);
                assertTrue(got.get(0).isData() && metadata.contains("onMetaData") && !metadata.contains("@setDataFrame"),
                        "first message is onMetaData without @setDataFrame: " + metadata);
                assertTrue(got.get(1).isVideoSequenceHeader(), "then the video sequence header: " + got.get(1));
                assertTrue(got.get(2).isAudioSequenceHeader(), "then the audio sequence header: " + got.get(2));
                List<String> sentFromKeyframe = stream.subList(firstKeyframe, stream.size()).stream()
                        .map(m -> Received.of(m).content()).toList();
                List<String> receivedFromKeyframe = got.subList(3, got.size()).stream().map(Received::content).toList();
                assertEquals(sentFromKeyframe, receivedFromKeyframe, "every message from the keyframe on, byte-exact");
                assertMonotonic(got);
                assertTrue(got.stream().anyMatch(r -> new String(r.payload(), StandardCharsets.ISO_8859_1)
                        .contains("onCuePoint")), "cue points reach the player");
            }
        }
    }

    @Test
    void secondPublisherOfSameStreamIsRefusedAndFirstGoesOn() {
        SyntheticMedia media = new SyntheticMedia(2);
        List<MediaMessage> stream = media.stream(0, 2, 25);
        try (TestPublisher first = TestPublisher.connect(clients, node.port(), "live").publish("cam");
             TestPublisher second = TestPublisher.connect(clients, node.port(), "live")) {
            first.send(stream.subList(0, 20));
            awaitVideo(2);
            assertEquals("NetStream.Publish.BadName", second.tryPublish("cam"));
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                first.send(stream.subList(20, stream.size()));
                Await.until("the last frame at the player", () -> !player.received().isEmpty()
                        && player.received().get(player.received().size() - 1).content()
                        .equals(Received.of(stream.get(stream.size() - 1)).content()));
            }
        }
    }

    @Test
    void aReconnectingEncoderReplacesItsSilentOldSession() {
        SyntheticMedia media = new SyntheticMedia(4);
        try (TestPublisher stale = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            stale.send(media.stream(0, 1, 25));
            awaitVideo(2);
            try (TestPublisher early = TestPublisher.connect(clients, node.port(), "live")) {
                assertEquals("NetStream.Publish.BadName", early.tryPublish("cam"), "a live session is not replaced");
            }
            // The old session goes silent (its encoder died without closing); once it has been quiet for the
            // takeover time, the reconnecting encoder gets the stream instead of BadName.
            TestPublisher fresh = Await.value("a publish that replaces the silent session", () -> {
                TestPublisher attempt = TestPublisher.connect(clients, node.port(), "live");
                if (attempt.tryPublish("cam") == null) {
                    return attempt;
                }
                attempt.close();
                return null;
            });
            try (fresh) {
                Await.until("the stale session to be closed", () -> node.node().stats().connections() == 1);
            }
        }
    }

    @Test
    void lateJoinerOfAnEnhancedRtmpStreamStartsWithItsSequenceStartThenAKeyframe() {
        SyntheticMedia media = new SyntheticMedia(5);
        MediaMessage sequenceStart = media.enhancedHevc(0, true, 0, 60);
        List<MediaMessage> stream = new java.util.ArrayList<>(List.of(SyntheticMedia.metadata(0), sequenceStart));
        for (int frame = 0; frame < 60; frame++) {
            stream.add(media.enhancedHevc(frame * 40L, frame % 25 == 0, 3, frame % 25 == 0 ? 5000 : 700));
        }
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(stream);
            awaitVideo(stream.size() - 1);
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                player.awaitMessages(3);
                List<Received> got = player.received();
                assertTrue(got.get(0).isData(), "metadata first: " + got.get(0));
                assertEquals(Received.of(sequenceStart).content(), got.get(1).content(),
                        "then the HEVC sequence start, byte-exact");
                Received first = got.get(2);
                assertEquals(0x90 | 3, first.payload()[0] & 0xFF, "then a coded keyframe: " + first);
                assertEquals(Received.of(stream.get(2 + 50)).content(), first.content(),
                        "the GOP starts at the latest keyframe (frame 50)");
            }
        }
    }

    @Test
    void playOfUnknownStreamIsNotFound() {
        try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live")) {
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> player.play("nobody"));
            assertTrue(e.getMessage().contains("NetStream.Play.StreamNotFound"), e.getMessage());
        }
    }

    @Test
    void republishKeepsPlayersWithHeadersFirstAndTimeNeverGoingBack() {
        SyntheticMedia media = new SyntheticMedia(3);
        List<MediaMessage> firstSession = media.stream(0, 2, 25);
        List<MediaMessage> secondSession = media.stream(0, 2, 25); // restarts at timestamp 0
        TestPlayer player;
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(firstSession.subList(0, 10));
            awaitVideo(2);
            player = TestPlayer.connect(clients, node.port(), "live").play("cam");
            Await.until("the player to join", () -> node.node().streams().find(KEY).stats().players() == 1);
            publisher.send(firstSession.subList(10, firstSession.size()));
            player.awaitMessages(firstSession.size() - 6);
        }
        player.awaitStatus("NetStream.Play.UnpublishNotify");
        int before = player.received().size();
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            player.awaitStatus("NetStream.Play.PublishNotify");
            publisher.send(secondSession);
            player.awaitMessages(before + secondSession.size());
            List<Received> after = player.received().subList(before, player.received().size());
            assertTrue(after.get(0).isData(), "metadata comes first after a republish: " + after.get(0));
            assertTrue(after.get(1).isVideoSequenceHeader(), "then the new video sequence header: " + after.get(1));
            assertMonotonic(player.received());
            assertNull(player.closeReason(), "the player stayed connected");
        } finally {
            player.close();
        }
    }

    private static void assertMonotonic(List<Received> got) {
        long last = -1;
        for (Received r : got) {
            assertTrue(r.timestamp() >= last, "timestamp " + r.timestamp() + " after " + last);
            last = r.timestamp();
        }
    }
}
