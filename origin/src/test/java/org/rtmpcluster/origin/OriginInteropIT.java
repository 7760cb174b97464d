package org.rtmpcluster.origin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.FlvTags;
import org.rtmpcluster.interop.FrameHashes;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.PlayedPackets;

/**
 * Real clients (ffmpeg, rtmpdump) against the real origin jar over loopback: what a player receives is, packet for
 * packet, what the publisher sent, from the keyframe it joined at to the end of the stream.
 */
@ExtendWith(NodeLogsOnFailure.class)
class OriginInteropIT {
    private static final Duration PUBLISH_STARTS = Duration.ofSeconds(15);
    /** The source plays in real time ({@code -re}); the rest is slack for a slow machine. */
    private static final Duration STREAM_ENDS = Duration.ofSeconds(Media.SECONDS + 20);
    /** A player that joins right after the publish started must still get this much of the 8 s source. */
    private static final int MIN_PLAYED_VIDEO_SECONDS = 5;
    private static final Duration REFUSAL_ARRIVES = Duration.ofSeconds(15);

    @TempDir
    static Path mediaDir;
    private static Path source;
    private static FrameHashes sourcePackets;

    @BeforeAll
    static void makeSourceMedia() throws Exception {
        Clients.requireInstalled("ffmpeg", "rtmpdump");
        source = Media.makeTestFlv(mediaDir);
        sourcePackets = FrameHashes.of(source);
    }

    @Test
    @Timeout(60)
    void playedPacketsEqualPublishedPackets(@TempDir Path dir) throws Exception {
        String key = "live/played-equals-published";
        try (NodeProcess origin = NodeProcess.start("origin", dir);
                ChildProcess publisher = Clients.publish(dir, source, origin.rtmpUrl(key))) {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);

            Path played = dir.resolve("played.framemd5");
            try (ChildProcess player = Clients.playFrameHashes(dir, origin.rtmpUrl(key), played)) {
                player.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);

            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), MIN_PLAYED_VIDEO_SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void rtmpdumpPlaysTheSameBytes(@TempDir Path dir) throws Exception {
        String key = "live/rtmpdump-same-bytes";
        try (NodeProcess origin = NodeProcess.start("origin", dir);
                ChildProcess publisher = Clients.publish(dir, source, origin.rtmpUrl(key))) {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);

            Path dump = dir.resolve("dumped.flv");
            try (ChildProcess player = Clients.rtmpdump(dir, origin.rtmpUrl(key), dump)) {
                player.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);

            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.of(dump), MIN_PLAYED_VIDEO_SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void secondPublisherOfSameKeyIsRefusedAndFirstContinues(@TempDir Path dir) throws Exception {
        String key = "live/second-publisher";
        try (NodeProcess origin = NodeProcess.start("origin", dir);
                ChildProcess first = Clients.publish(dir, source, origin.rtmpUrl(key))) {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);

            try (ChildProcess second = Clients.publish(dir, source, origin.rtmpUrl(key))) {
                int code = second.awaitExit(REFUSAL_ARRIVES);
                assertNotEquals(0, code, "a second publisher of " + key + " must be refused, but ffmpeg exited 0;"
                        + " its stderr:\n" + second.stderr().tail());
                // ffmpeg prints an error-level onStatus as "Server error: <description>", without the code.
                assertTrue(second.stderr().anyContains("Server error:")
                        && (second.stderr().anyContains("already publishing")
                                || second.stderr().anyContains("BadName")),
                        "the second publisher should be refused with NetStream.Publish.BadName (ffmpeg prints"
                                + " 'Server error: ... already publishing'); its stderr:\n" + second.stderr().tail());
            }
            assertTrue(first.isAlive(), "the first publisher ended when the second was refused; its stderr:\n"
                    + first.stderr().tail());
            assertFalse(origin.log().anyContains("publish stopped " + key), "the refused second publisher stopped"
                    + " the first one's publish; node log:\n" + origin.log().tail());

            Path played = dir.resolve("played.framemd5");
            try (ChildProcess player = Clients.playFrameHashes(dir, origin.rtmpUrl(key), played)) {
                player.awaitCleanExit(STREAM_ENDS);
            }
            first.awaitCleanExit(STREAM_ENDS);

            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), MIN_PLAYED_VIDEO_SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void lateJoinerStartsWithSequenceHeadersThenKeyframe(@TempDir Path dir) throws Exception {
        String key = "live/late-joiner";
        long joinAtMicros = 3_000_000;
        try (NodeProcess origin = NodeProcess.start("origin", dir);
                ChildProcess publisher = Clients.publish(dir, source, origin.rtmpUrl(key))) {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            publisher.stdout().await("progress past " + joinAtMicros + " us", Clients.outTimeAtLeast(joinAtMicros),
                    STREAM_ENDS);

            Path dump = dir.resolve("late.flv");
            try (ChildProcess player = Clients.rtmpdump(dir, origin.rtmpUrl(key), dump)) {
                player.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);

            List<FlvTags.Tag> tags = FlvTags.read(dump);
            String received = "the player received, in order:\n  " + tags.stream().limit(8)
                    .map(FlvTags.Tag::toString).collect(Collectors.joining("\n  "));
            List<FlvTags.Tag> media = tags.stream().filter(t -> t.isVideo() || t.isAudio()).toList();
            List<FlvTags.Tag> video = tags.stream().filter(FlvTags.Tag::isVideo).toList();
            List<FlvTags.Tag> audio = tags.stream().filter(FlvTags.Tag::isAudio).toList();
            if (video.size() < 2 || audio.isEmpty()) {
                fail("too few media tags (" + video.size() + " video, " + audio.size() + " audio); " + received);
            }

            int metaData = indexOf(tags, t -> t.scriptName().equals("onMetaData"));
            int firstMedia = indexOf(tags, t -> t.isVideo() || t.isAudio());
            assertTrue(metaData >= 0 && metaData < firstMedia, "onMetaData must come before any media; " + received);
            assertTrue(video.get(0).isAvcSequenceHeader(),
                    "the first video tag must be the AVC sequence header (17 00); " + received);
            assertTrue(video.get(1).isAvcKeyframe(),
                    "the video tag after the sequence header must be a keyframe (17 01); " + received);
            assertTrue(audio.get(0).isAacSequenceHeader(),
                    "the first audio tag must be the AAC sequence header (af 00); " + received);
            FlvTags.Tag firstFrame = media.stream()
                    .filter(t -> !t.isAvcSequenceHeader() && !t.isAacSequenceHeader()).findFirst().orElseThrow();
            assertTrue(firstFrame.isAvcKeyframe(), "both sequence headers must come before the GOP, which starts at"
                    + " a keyframe; the first coded frame is " + firstFrame + "; " + received);

            int sourceVideo = sourcePackets.ofType("video").size();
            assertTrue(video.size() - 1 < sourceVideo - 2 * Media.FRAMES_PER_SECOND, "joined "
                    + joinAtMicros / 1_000_000 + " s in, yet received " + (video.size() - 1) + " of the source's "
                    + sourceVideo + " video frames: this did not test a late join");
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.of(dump), 2);
        }
    }

    @Test
    @Timeout(60)
    void playOfUnknownStreamIsNotFound(@TempDir Path dir) throws Exception {
        Duration refused = Duration.ofSeconds(10);
        try (NodeProcess origin = NodeProcess.start("origin", dir)) {
            String url = origin.rtmpUrl("live/nobody-publishes-this");

            try (ChildProcess rtmpdump = Clients.rtmpdump(dir, url, dir.resolve("none.flv"))) {
                int code = rtmpdump.awaitExit(refused);
                assertNotEquals(0, code, "rtmpdump of an unpublished stream exited 0; its stderr:\n"
                        + rtmpdump.stderr().tail());
                assertTrue(rtmpdump.stderr().anyContains("NetStream.Play.StreamNotFound"),
                        "rtmpdump should report NetStream.Play.StreamNotFound; its stderr:\n"
                                + rtmpdump.stderr().tail());
            }
            try (ChildProcess ffmpeg = Clients.playToNowhere(dir, url)) {
                int code = ffmpeg.awaitExit(refused);
                assertNotEquals(0, code, "ffmpeg play of an unpublished stream exited 0; its stderr:\n"
                        + ffmpeg.stderr().tail());
                assertTrue(ffmpeg.stderr().anyContains("Server error:"), "ffmpeg should print the server's"
                        + " error-level onStatus as 'Server error: ...'; its stderr:\n" + ffmpeg.stderr().tail());
            }
        }
    }

    private static <T> int indexOf(List<T> list, Predicate<T> match) {
        for (int i = 0; i < list.size(); i++) {
            if (match.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
