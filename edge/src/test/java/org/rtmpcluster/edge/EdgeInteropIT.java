package org.rtmpcluster.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rtmpcluster.interop.ArrivalTimes;
import org.rtmpcluster.interop.ChildProcess;
import org.rtmpcluster.interop.Clients;
import org.rtmpcluster.interop.FrameHashes;
import org.rtmpcluster.interop.LineLog;
import org.rtmpcluster.interop.Media;
import org.rtmpcluster.interop.NodeLogsOnFailure;
import org.rtmpcluster.interop.NodeProcess;
import org.rtmpcluster.interop.PlayedPackets;
import org.rtmpcluster.interop.ProcessCluster;
import org.rtmpcluster.interop.ProcessCluster.Member;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;

/**
 * Real clients (ffmpeg, rtmpdump, and our own client as a cheap player) against a cluster of real jars run as
 * processes: origins A and B, edges 1 and 2, started once for the class (every test uses a stream key of its own).
 * Edges pull each stream once from the origin that holds it, and their players live through that origin's death.
 */
@ExtendWith(NodeLogsOnFailure.class)
class EdgeInteropIT {
    private static final Duration PUBLISH_STARTS = Duration.ofSeconds(15);
    /** The source plays in real time ({@code -re}); the rest is slack for a slow machine. */
    private static final Duration STREAM_ENDS = Duration.ofSeconds(Media.SECONDS + 20);
    /** Players that join right after the publish started must still get this much of the 8 s source. */
    private static final int MIN_PLAYED_VIDEO_SECONDS = 5;
    private static final Duration MEDIA_ARRIVES = Duration.ofSeconds(15);
    /** Edges close an upstream this long after its last player left (the default is 5 s). */
    private static final int UPSTREAM_IDLE_MILLIS = 1000;
    /** A dead member is dropped within 5 s of silence, sooner when its sockets close; then B may take the key. */
    private static final Duration REPUBLISH_ACCEPTED = Duration.ofSeconds(30);
    private static final Duration FIRST_FRAME_AFTER_REPUBLISH_LIMIT = Duration.ofSeconds(10);
    private static final Duration COLD_FIRST_FRAME_LIMIT = Duration.ofSeconds(5);
    private static final Duration WARM_FIRST_FRAME_LIMIT = Duration.ofSeconds(3);
    private static final int TIMING_SAMPLES = 3;

    @TempDir
    static Path dir;
    private static Path source;
    private static FrameHashes sourcePackets;
    private static ProcessCluster cluster;
    private static NodeProcess originA;
    private static NodeProcess originB;
    private static NodeProcess edge1;
    private static NodeProcess edge2;
    /** Runs the in-JVM players ({@link TestPlayer}). */
    private static Vertx clients;

    @BeforeAll
    @Timeout(120)
    static void startCluster() throws Exception {
        Clients.requireInstalled("ffmpeg", "rtmpdump", "curl");
        source = Media.makeTestFlv(dir);
        sourcePackets = FrameHashes.of(source);
        String idle = Integer.toString(UPSTREAM_IDLE_MILLIS);
        cluster = ProcessCluster.start(dir,
                Member.of("origin A", "origin"),
                Member.of("origin B", "origin"),
                Member.of("edge 1", "edge", "--edge-upstream-idle-ms", idle),
                Member.of("edge 2", "edge", "--edge-upstream-idle-ms", idle));
        originA = cluster.node(0);
        originB = cluster.node(1);
        edge1 = cluster.node(2);
        edge2 = cluster.node(3);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        if (clients != null) {
            TestNode.await(clients.close());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The HTTP API as an operator reads it: curl against an edge that carries nothing names the origin holding an
     * ffmpeg publish, its codecs, and the edge whose player pulls it; the node list has every node ready.
     */
    @Test
    @Timeout(90)
    void curlOnAnyNodeNamesTheOriginAndTheEdgeCarryingAStream(@TempDir Path work) throws Exception {
        String key = "live/api";
        try (ChildProcess publisher = Clients.publishForever(work, source, originB.rtmpUrl(key));
                ChildProcess player = Clients.playToNowhere(work, edge2.rtmpUrl(key))) {
            originB.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            JsonObject[] stream = new JsonObject[1];
            Await.until(() -> "edge 2 listed with its player: " + stream[0], () -> {
                Clients.CurlAnswer answer = curl(work, edge1.httpUrl("/api/v1/streams/" + key));
                stream[0] = answer.status() == 200 ? new JsonObject(answer.body()) : null;
                // Each node's figures come in its own answer, and a node that misses the 500 ms answer timeout
                // (a loaded machine) is left out of that one: wait for an answer that has both the edge's players
                // and the origin's codecs.
                return stream[0] != null && stream[0].getJsonObject("codecs").getString("video") != null
                        && stream[0].getJsonArray("carriedBy").stream().map(JsonObject.class::cast)
                        .anyMatch(n -> n.getString("nodeId").equals(edge2.nodeId()) && n.getInteger("players") == 1);
            }, MEDIA_ARRIVES.toMillis());
            JsonObject origin = stream[0].getJsonObject("origin");
            assertEquals(originB.nodeId(), origin.getString("nodeId"));
            assertEquals("127.0.0.1:" + originB.rtmpPort(), origin.getString("rtmpAddress"));
            assertEquals(new JsonObject().put("video", "H264").put("audio", "AAC"), stream[0].getJsonObject("codecs"));
            assertTrue(stream[0].getLong("bytesIn") > 0, "bytes in: " + stream[0]);

            JsonObject nodes = new JsonObject(curl(work, originA.httpUrl("/api/v1/nodes")).body());
            for (NodeProcess node : List.of(originA, originB, edge1, edge2)) {
                JsonObject item = nodes.getJsonArray("items").stream().map(JsonObject.class::cast)
                        .filter(n -> n.getString("id").equals(node.nodeId())).findFirst().orElse(null);
                assertTrue(item != null && item.getString("state").equals("ready")
                        && item.getString("figures").equals("known"), node + " listed, ready: " + nodes);
            }
            assertEquals(200, curl(work, edge2.httpUrl("/ready")).status());
            assertEquals(200, curl(work, edge2.httpUrl("/health")).status());
        }
    }

    private static Clients.CurlAnswer curl(Path work, String url) {
        try {
            return Clients.curl(work, url);
        } catch (IOException e) {
            throw new AssertionError("curl " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: curl " + url);
        }
    }

    @Test
    @Timeout(90)
    void playersOnBothEdgesReceiveThePublishedPackets(@TempDir Path work) throws Exception {
        String key = "live/both-edges";
        try (ChildProcess publisher = Clients.publish(work, source, originA.rtmpUrl(key))) {
            originA.awaitLog("publish started " + key + " from", PUBLISH_STARTS);

            Path played = work.resolve("edge1.framemd5");
            Path dumped = work.resolve("edge2.flv");
            try (ChildProcess ffmpeg = Clients.playFrameHashes(work, edge1.rtmpUrl(key), played);
                    ChildProcess rtmpdump = Clients.rtmpdump(work, edge2.rtmpUrl(key), dumped)) {
                ffmpeg.awaitCleanExit(STREAM_ENDS);
                rtmpdump.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);

            edge1.awaitLog("pulling " + key + " from 127.0.0.1:" + originA.rtmpPort(), MEDIA_ARRIVES);
            edge2.awaitLog("pulling " + key + " from 127.0.0.1:" + originA.rtmpPort(), MEDIA_ARRIVES);
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), MIN_PLAYED_VIDEO_SECONDS);
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.of(dumped), MIN_PLAYED_VIDEO_SECONDS);
        }
    }

    /** An encoder may publish to its nearest edge: the edge forwards to an origin and the stream plays anywhere. */
    @Test
    @Timeout(90)
    void ffmpegPublishingToAnEdgeIsPlayedFromTheOtherEdge(@TempDir Path work) throws Exception {
        String key = "live/ingest-at-edge";
        try (ChildProcess publisher = Clients.publish(work, source, edge1.rtmpUrl(key))) {
            // Edge 1 reports the publish once an origin has accepted and registered it.
            edge1.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            Path played = work.resolve("edge2.framemd5");
            try (ChildProcess ffmpeg = Clients.playFrameHashes(work, edge2.rtmpUrl(key), played)) {
                ffmpeg.awaitCleanExit(STREAM_ENDS);
            }
            publisher.awaitCleanExit(STREAM_ENDS);
            int registeredOn = originA.log().linesContaining("publish started " + key).size()
                    + originB.log().linesContaining("publish started " + key).size();
            assertEquals(1, registeredOn, "exactly one origin took the forwarded publish");
            PlayedPackets.assertTailOfSource(sourcePackets, FrameHashes.read(played), MIN_PLAYED_VIDEO_SECONDS);
        }
    }

    @Test
    @Timeout(90)
    void twentyPlayersOnOneEdgeMakeOneUpstreamConnectionToTheOrigin(@TempDir Path work) throws Exception {
        String name = "twenty-players";
        String key = "live/" + name;
        int inJvmPlayers = 18;
        List<TestPlayer> players = new ArrayList<>();
        try (ChildProcess publisher = Clients.publishForever(work, source, originA.rtmpUrl(key))) {
            originA.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            try (ChildProcess ffmpeg = Clients.playToNowhere(work, edge1.rtmpUrl(key));
                    ChildProcess rtmpdump = Clients.rtmpdump(work, edge1.rtmpUrl(key), work.resolve("dump.flv"))) {
                for (int i = 0; i < inJvmPlayers; i++) {
                    players.add(TestPlayer.connect(clients, edge1.rtmpPort(), "live").play(name));
                }
                ffmpeg.stdout().await("ffmpeg playing frames", Clients.framesAtLeast(1), MEDIA_ARRIVES);
                rtmpdump.stderr().await("rtmpdump receiving media", Clients.rtmpdumpProgress(), MEDIA_ARRIVES);
                for (TestPlayer player : players) {
                    Await.until(() -> "a keyframe at each in-JVM player (one has " + player.received().size()
                            + " messages, closed: " + player.closeReason() + ")",
                            () -> player.received().stream().anyMatch(Received::isKeyframe), 15_000);
                }
                int playing = inJvmPlayers + 2;
                edge1.log().awaitNth(playing, playing + " plays at edge 1",
                        line -> line.contains("play started " + key + " by"), MEDIA_ARRIVES);

                assertEquals(1, originA.log().linesContaining("play started " + key + " by").size(),
                        "with " + playing + " players of " + key + " at edge 1, origin A should serve it exactly"
                                + " one upstream connection; its plays of " + key + ":\n"
                                + originA.log().linesContaining(key));
                assertEquals(1, edge1.log().linesContaining("pulling " + key + " from").size(),
                        "edge 1 should pull " + key + " once; its log for the key:\n"
                                + edge1.log().linesContaining(key));
                assertTrue(ffmpeg.isAlive() && rtmpdump.isAlive(), "the real players should still be playing");

                players.forEach(TestPlayer::close);
                players.clear();
            }
            // The ffmpeg and rtmpdump players are gone too (killed); the edge closes its upstream once idle.
            edge1.awaitLog("stopped pulling " + key + ": no players for " + UPSTREAM_IDLE_MILLIS + " ms",
                    Duration.ofSeconds(15));
            originA.awaitLog("play stopped " + key + " by", Duration.ofSeconds(10));
            assertEquals(1, originA.log().linesContaining("play started " + key + " by").size(),
                    "origin A served more than one upstream connection for " + key + ":\n"
                            + originA.log().linesContaining(key));
            assertTrue(publisher.isAlive(), "the publisher should be unaffected; its stderr:\n"
                    + publisher.stderr().tail());
        } finally {
            players.forEach(TestPlayer::close);
        }
    }

    /**
     * The origin holding a stream is killed (SIGKILL, no goodbye); the encoder reconnects to another origin, which
     * refuses it until the cluster has noticed the death; the edge's players never leave and play on from the new
     * origin. A fifth node, origin D, joins for this test only, so the class's cluster stays whole for the others.
     */
    @Test
    @Timeout(120)
    void edgePlayersSurviveKillOfTheOriginAndRepublishElsewhere(@TempDir Path work) throws Exception {
        String name = "failover";
        String key = "live/" + name;
        NodeProcess doomed = cluster.join(Member.of("origin D", "origin"));
        List<ChildProcess> encoders = new ArrayList<>();
        try (ChildProcess ffmpeg = Clients.playToNowhere(work, edge1.rtmpUrl(key));
                TestPlayer player = TestPlayer.connect(clients, edge1.rtmpPort(), "live");
                ArrivalTimes arrivals = ArrivalTimes.watch(player)) {
            ChildProcess publisher = Clients.publishForever(work, source, doomed.rtmpUrl(key));
            encoders.add(publisher);
            doomed.awaitLog("publish started " + key + " from", PUBLISH_STARTS);
            player.play(name);
            arrivals.awaitFirst("keyframe from origin D", 0, Received::isKeyframe, MEDIA_ARRIVES);
            ffmpeg.stdout().await("ffmpeg playing 2 s of video", Clients.framesAtLeast(2 * Media.FRAMES_PER_SECOND),
                    MEDIA_ARRIVES);
            edge1.awaitLog("pulling " + key + " from 127.0.0.1:" + doomed.rtmpPort(), MEDIA_ARRIVES);

            doomed.kill();
            long killedAt = System.nanoTime();
            int beforeKill = arrivals.countBefore(killedAt);
            publisher.close();

            Republish republish = republishUntilAccepted(work, originB, key);
            encoders.add(republish.publisher());
            long framesAtRepublish = Clients.reportedFrames(ffmpeg);

            ArrivalTimes.Arrival header = arrivals.awaitFirst("video sequence header after the kill", beforeKill,
                    Received::isVideoSequenceHeader, MEDIA_ARRIVES);
            ArrivalTimes.Arrival keyframe = arrivals.awaitFirst("video after the new sequence header",
                    header.index() + 1, Received::isVideo, MEDIA_ARRIVES);
            ffmpeg.stdout().await("ffmpeg playing 2 s more video after the republish",
                    Clients.framesAtLeast(framesAtRepublish + 2L * Media.FRAMES_PER_SECOND), MEDIA_ARRIVES);

            Duration killToAccepted = Duration.ofNanos(republish.acceptedAt().readAtNanos() - killedAt);
            Duration acceptedToKeyframe = Duration.ofNanos(keyframe.atNanos() - republish.acceptedAt().readAtNanos());
            System.out.printf("MEASURED failover: kill -9 of origin D -> republish accepted by origin B: %d ms"
                    + " (%d publish attempts); B's 'publish started' -> first new keyframe at the edge player: %d ms%n",
                    killToAccepted.toMillis(), republish.attempts(), acceptedToKeyframe.toMillis());

            assertTrue(keyframe.message().isKeyframe(), "after the new video sequence header the player should get a"
                    + " keyframe first, got " + keyframe.message() + "; after the kill it received:\n"
                    + describe(arrivals.messages(), beforeKill));
            assertTrue(acceptedToKeyframe.compareTo(FIRST_FRAME_AFTER_REPUBLISH_LIMIT) < 0, "the first keyframe from"
                    + " origin B reached the edge player " + acceptedToKeyframe.toMillis() + " ms after B accepted"
                    + " the publish; limit " + FIRST_FRAME_AFTER_REPUBLISH_LIMIT.toMillis() + " ms");
            assertNull(player.closeReason(), "the edge player should stay connected through the failover");
            assertFalse(player.statuses().contains("NetStream.Play.UnpublishNotify"), "the edge should not tell its"
                    + " players the stream was unpublished when only its upstream broke; statuses: "
                    + player.statuses());
            assertTrue(ffmpeg.isAlive(), "the ffmpeg player on the edge should still be playing; its stderr:\n"
                    + ffmpeg.stderr().tail());
            assertTimestampsNeverGoBack(arrivals.messages(), Received::isVideo, "video");
            assertTimestampsNeverGoBack(arrivals.messages(), Received::isAudio, "audio");
            edge1.awaitLog("pulling " + key + " from 127.0.0.1:" + originB.rtmpPort(), MEDIA_ARRIVES);
        } finally {
            encoders.forEach(ChildProcess::close);
            doomed.close();
        }
    }

    @Test
    @Timeout(90)
    void timeToFirstFrameColdAndWarm(@TempDir Path work) throws Exception {
        String name = "first-frame";
        String key = "live/" + name;
        try (ChildProcess publisher = Clients.publishForever(work, source, originB.rtmpUrl(key))) {
            originB.awaitLog("publish started " + key + " from", PUBLISH_STARTS);

            List<Long> cold = new ArrayList<>();
            for (int sample = 1; sample <= TIMING_SAMPLES; sample++) {
                try (TestPlayer player = TestPlayer.connect(clients, edge2.rtmpPort(), "live")) {
                    cold.add(millisToFirstKeyframe(player, name));
                }
                // The next sample is cold only once this pull has closed (the idle time after its last player).
                edge2.log().awaitNth(sample, "edge 2's pull of " + key + " stopping (" + sample + ")",
                        line -> line.contains("stopped pulling " + key + ": no players"), Duration.ofSeconds(15));
            }
            assertEquals(TIMING_SAMPLES, edge2.log().linesContaining("pulling " + key + " from").size(),
                    "every cold sample should have started a pull of its own");

            List<Long> warm = new ArrayList<>();
            try (TestPlayer holder = TestPlayer.connect(clients, edge2.rtmpPort(), "live")) {
                millisToFirstKeyframe(holder, name);
                for (int sample = 1; sample <= TIMING_SAMPLES; sample++) {
                    try (TestPlayer player = TestPlayer.connect(clients, edge2.rtmpPort(), "live")) {
                        warm.add(millisToFirstKeyframe(player, name));
                    }
                }
                assertEquals(TIMING_SAMPLES + 1, edge2.log().linesContaining("pulling " + key + " from").size(),
                        "warm players should share the holder's pull");
            }
            assertTrue(publisher.isAlive(), "the publisher to origin B should still be publishing; its stderr:\n"
                    + publisher.stderr().tail());
            System.out.println("MEASURED time to first keyframe at edge 2 (play -> keyframe), stream on origin B:"
                    + " cold " + cold + " ms (median " + median(cold) + "), warm " + warm + " ms (median "
                    + median(warm) + ")");

            for (long millis : cold) {
                assertTrue(millis < COLD_FIRST_FRAME_LIMIT.toMillis(), "cold time to first frame " + cold
                        + " ms, limit " + COLD_FIRST_FRAME_LIMIT.toMillis() + " ms");
            }
            for (long millis : warm) {
                assertTrue(millis < WARM_FIRST_FRAME_LIMIT.toMillis(), "warm time to first frame " + warm
                        + " ms, limit " + WARM_FIRST_FRAME_LIMIT.toMillis() + " ms");
            }
        }
    }

    /** What an encoder does when its origin died: publish to another, again and again until it is let in. */
    private static Republish republishUntilAccepted(Path work, NodeProcess origin, String key)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + REPUBLISH_ACCEPTED.toNanos();
        List<String> refusals = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ChildProcess attempt = Clients.publishForever(work, source, origin.rtmpUrl(key));
            Await.until(() -> attempt + " to be accepted or refused", () -> !attempt.isAlive()
                    || origin.log().anyContains("publish started " + key + " from"), REPUBLISH_ACCEPTED.toMillis());
            if (attempt.isAlive()) {
                LineLog.Line accepted = origin.log().awaitLine("publish started " + key,
                        line -> line.contains("publish started " + key + " from"), Duration.ZERO);
                return new Republish(attempt, accepted, refusals.size() + 1);
            }
            int code = attempt.awaitExit(Duration.ofSeconds(5));
            attempt.close();
            // ffmpeg prints an error-level onStatus as "Server error: <description>".
            if (!attempt.stderr().anyContains("Server error:")) {
                fail("the publish to " + origin + " failed other than by a refusal (exit " + code + "); ffmpeg's"
                        + " stderr:\n" + attempt.stderr().tail());
            }
            refusals.add(attempt.stderr().linesContaining("Server error:").get(0));
        }
        throw new AssertionError(origin + " did not accept the republish of " + key + " within "
                + REPUBLISH_ACCEPTED + " (" + refusals.size() + " refusals, the last: "
                + (refusals.isEmpty() ? "none" : refusals.get(refusals.size() - 1)) + ")");
    }

    /** An accepted republish: the ffmpeg publishing, the origin's log line saying so, and the tries it took. */
    private record Republish(ChildProcess publisher, LineLog.Line acceptedAt, int attempts) {
    }

    /** Plays and returns the milliseconds from sending play to the first keyframe's arrival. */
    private static long millisToFirstKeyframe(TestPlayer player, String name) throws InterruptedException {
        try (ArrivalTimes arrivals = ArrivalTimes.watch(player)) {
            long sent = System.nanoTime();
            player.startPlay(name);
            ArrivalTimes.Arrival keyframe = arrivals.awaitFirst("keyframe", 0, Received::isKeyframe,
                    Duration.ofSeconds(20));
            return Duration.ofNanos(keyframe.atNanos() - sent).toMillis();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void assertTimestampsNeverGoBack(List<Received> received, Predicate<Received> ofType,
            String what) {
        List<Received> media = received.stream().filter(ofType).toList();
        for (int i = 1; i < media.size(); i++) {
            if (media.get(i).timestamp() < media.get(i - 1).timestamp()) {
                fail(what + " timestamps at the edge player go back at " + what + " message #" + i + ": "
                        + media.get(i - 1) + " then " + media.get(i));
            }
        }
    }

    /** The messages from {@code from} on, a few, for failure messages. */
    private static String describe(List<Received> received, int from) {
        return received.subList(from, received.size()).stream().limit(12).map(r -> "  " + r
                + (r.isVideoSequenceHeader() ? " (video sequence header)" : r.isKeyframe() ? " (keyframe)"
                        : r.isAudioSequenceHeader() ? " (audio sequence header)" : ""))
                .collect(Collectors.joining("\n"));
    }
}
