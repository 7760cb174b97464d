package org.rtmpcluster.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.ProcessCluster;
import org.rtmpcluster.interop.ProcessCluster.Member;

/**
 * Players built on libavformat (ffplay, mpv, OBS's media source, restreaming scripts) find exactly the tracks that
 * were published, h264 and aac, as against nginx-rtmp: ffprobe joins the stream on the origin and on an edge, at
 * the start and mid-stream, and lists what it found. libavformat's FLV demuxer turns script data it does not take
 * for metadata into tracks of their own (ffmpeg 5.1 flvdec.c: onMetaData away from timestamp 0 becomes a subtitle
 * track, an unknown name such as an onStatus sent as data becomes a data track).
 */
@ExtendWith(NodeLogsOnFailure.class)
class PublishedTracksIT {
    /** {@link Media#makeTestFlv}'s tracks, sorted: ffprobe lists them in the order their first packets came. */
    private static final List<String> PUBLISHED = List.of("audio aac", "video h264");
    private static final Duration PUBLISH_STARTS = Duration.ofSeconds(15);
    /** ffprobe reads for up to 5 s (its default analyzeduration); the rest is slack for a slow machine. */
    private static final Duration PROBE_ENDS = Duration.ofSeconds(30);
    private static final Duration MEDIA_ARRIVES = Duration.ofSeconds(15);
    /** Mid-stream: the current GOP, and what a joiner is sent first, starts seconds after the publish did. */
    private static final long MID_STREAM_MICROS = 4_000_000;

    @TempDir
    static Path dir;
    private static Path source;
    private static ProcessCluster cluster;
    private static NodeProcess origin;
    private static NodeProcess edge;

    @BeforeAll
    @Timeout(120)
    static void startCluster() throws Exception {
        Clients.requireInstalled("ffmpeg", "ffprobe");
        source = Media.makeTestFlv(dir);
        cluster = ProcessCluster.start(dir, Member.of("origin", "origin"), Member.of("edge", "edge"));
        origin = cluster.node(0);
        edge = cluster.node(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(90)
    void playersJoiningAtTheStartFindExactlyThePublishedTracks(@TempDir Path work) throws Exception {
        String key = "live/tracks-at-start";
        try (ChildProcess publisher = publishOnTheOrigin(work, key)) {
            assertProbesPublishedTracks(work, origin, key, "on the origin");
            assertProbesPublishedTracks(work, edge, key, "on the edge");
            assertTrue(publisher.isAlive(), "the publisher should still be publishing; its stderr:\n"
                    + publisher.stderr().tail());
        }
    }

    /**
     * Joiners of a stream that has run for a while: on the origin, on an edge that starts pulling for the probe
     * (cold), and on an edge whose pull another player holds (warm: the joiner is served from the edge's own copy).
     */
    @Test
    @Timeout(120)
    void playersJoiningMidStreamFindExactlyThePublishedTracks(@TempDir Path work) throws Exception {
        String key = "live/tracks-mid-stream";
        try (ChildProcess publisher = publishOnTheOrigin(work, key)) {
            publisher.stdout().await("the publisher " + MID_STREAM_MICROS / 1_000_000 + " s in",
                    Clients.outTimeAtLeast(MID_STREAM_MICROS), Duration.ofSeconds(Media.SECONDS + 20));

            assertProbesPublishedTracks(work, origin, key, "on the origin, mid-stream");
            assertProbesPublishedTracks(work, edge, key, "on the edge, pulling for the probe");
            try (ChildProcess holder = Clients.playToNowhere(work, edge.rtmpUrl(key))) {
                holder.stdout().await("the edge's other player playing", Clients.framesAtLeast(1), MEDIA_ARRIVES);
                assertProbesPublishedTracks(work, edge, key, "on the edge, already pulling");
            }
        }
    }

    /** ffmpeg publishing the test media to the origin, looped, once the origin has accepted it. */
    private static ChildProcess publishOnTheOrigin(Path work, String key) throws Exception {
        ChildProcess publisher = Clients.publishForever(work, source, origin.rtmpUrl(key));
        try {
            origin.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
        } catch (AssertionError | InterruptedException e) {
            publisher.close();
            throw e;
        }
        return publisher;
    }

    private static void assertProbesPublishedTracks(Path work, NodeProcess node, String key, String where)
            throws Exception {
        try (ChildProcess ffprobe = Clients.probeTracks(work, node.rtmpUrl(key))) {
            ffprobe.awaitCleanExit(PROBE_ENDS);
            List<String> tracks = Clients.probedTracks(ffprobe);
            assertEquals(PUBLISHED, tracks.stream().sorted().toList(), "ffprobe " + where + " should list exactly"
                    + " the published tracks; it listed " + tracks + "; its stderr:\n" + ffprobe.stderr().tail());
        }
    }
}
