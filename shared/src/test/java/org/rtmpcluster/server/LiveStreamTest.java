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
import org.rtmpcluster.testing.Timestamps;

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
                Timestamps.assertMediaNeverGoesBack(got);
                assertTrue(got.stream().anyMatch(r -> new String(r.payload(), StandardCharsets.ISO_8859_1)
                        .contains("onCuePoint")), "cue points reach the player");
            }
        }
    }

    /**
     * libavformat (ffmpeg 5.1 flvdec.c) takes onMetaData for metadata only at timestamp 0; anywhere else it becomes a
     * packet of a subtitle track. So a joiner gets it at 0, as from nginx-rtmp; the headers start the GOP's time.
     */
    @Test
    void joinerGetsMetadataAtTimestampZeroThenSequenceHeadersAtTheGopStart() {
        SyntheticMedia media = new SyntheticMedia(6);
        List<MediaMessage> stream = media.stream(0, 3, 25); // keyframes at 0, 1000 and 2000 ms
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(stream);
            awaitVideo(stream.stream().filter(MediaMessage::isVideo).count());
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                player.awaitMessages(4);
                List<Received> got = player.received();
                assertEquals("onMetaData", got.get(0).dataName(), "metadata first: " + got);
                assertEquals(0, got.get(0).timestamp(), "the joiner's metadata is at timestamp 0: " + got.get(0));
                assertTrue(got.get(1).isVideoSequenceHeader() && got.get(1).timestamp() == 2000,
                        "then the video sequence header at the GOP's start, 2000 ms: " + got.get(1));
                assertTrue(got.get(2).isAudioSequenceHeader() && got.get(2).timestamp() == 2000,
                        "then the audio sequence header at 2000 ms: " + got.get(2));
                assertTrue(got.get(3).isKeyframe() && got.get(3).timestamp() == 2000,
                        "then the GOP's keyframe: " + got.get(3));
            }
        }
    }

    /**
     * A publisher's new metadata mid-stream reaches the players where it was sent, at timestamp 0 like the first;
     * timed text and cue points around it pass byte-exact at their own timestamps.
     */
    @Test
    void metadataUpdateReachesPlayersInOrderAtTimestampZeroAndOtherDataPassesUntouched() {
        SyntheticMedia media = new SyntheticMedia(7);
        List<MediaMessage> start = media.stream(0, 1, 25);
        List<MediaMessage> live = List.of(media.interframe(1040, 500), SyntheticMedia.textData(1050, "hello"),
                SyntheticMedia.metadata(1060), SyntheticMedia.cuePoint(1070, "mark"), media.interframe(1080, 500));
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(start);
            awaitVideo(start.stream().filter(MediaMessage::isVideo).count());
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                String gopEnd = Received.of(start.get(start.size() - 1)).content();
                Await.until("the GOP at the player", () -> player.received().stream()
                        .anyMatch(r -> r.content().equals(gopEnd)));
                int before = player.received().size();
                publisher.send(live);
                player.awaitMessages(before + live.size());
                List<Received> got = player.received().subList(before, player.received().size());
                assertEquals(List.of(0, 1, 3, 4).stream().map(i -> Received.of(live.get(i)).content()).toList(),
                        List.of(0, 1, 3, 4).stream().map(i -> got.get(i).content()).toList(),
                        "frames, timed text and cue point byte-exact and in order around the update: " + got);
                assertEquals(List.of(1040L, 1050L, 0L, 1070L, 1080L), got.stream().map(Received::timestamp).toList(),
                        "the update at timestamp 0, everything else at its own");
                String update = new String(got.get(2).payload(), StandardCharsets.ISO_8859_1);
                assertTrue(got.get(2).dataName().equals("onMetaData") && !update.contains("@setDataFrame"),
                        "the update as onMetaData without @setDataFrame: " + update);
            }
        }
    }

    /**
     * The play reply as libavformat needs it: statuses as onStatus commands (an onStatus sent as data becomes a data
     * track), and |RtmpSampleAccess as nginx-rtmp sends it, a data message at timestamp 0, which libavformat skips.
     */
    @Test
    void playRepliesAreStatusCommandsAndSampleAccessIsDataAtTimestampZero() {
        SyntheticMedia media = new SyntheticMedia(8);
        try (TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(media.stream(0, 2, 25));
            awaitVideo(50);
            try (TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam")) {
                player.awaitStatus("NetStream.Data.Start");
                Await.until("a keyframe at the player",
                        () -> player.received().stream().anyMatch(Received::isKeyframe));
                assertEquals(List.of("NetStream.Play.Reset", "NetStream.Play.Start", "NetStream.Data.Start"),
                        player.statuses(), "the statuses of the play reply, as commands");
                assertEquals(1, player.sampleAccess().size(), "one |RtmpSampleAccess: " + player.sampleAccess());
                assertEquals(0, player.sampleAccess().get(0).timestamp(), "|RtmpSampleAccess at timestamp 0");
                assertTrue(player.received().stream().noneMatch(r -> r.dataName().equals("onStatus")),
                        "no onStatus among the stream's data messages: " + player.received().stream()
                                .filter(Received::isData).map(Received::dataName).toList());
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
            Timestamps.assertMediaNeverGoesBack(player.received());
            assertNull(player.closeReason(), "the player stayed connected");
        } finally {
            player.close();
        }
    }
}
