package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.Received;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;
import org.rtmpcluster.testing.Timestamps;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two origins and two edges in one JVM, on loopback with real Hazelcast: registry semantics and edge pulls. */
@Timeout(120)
class EdgeClusterTest {
    private static TestCluster cluster;
    private static Vertx clients;
    private static Node originA;
    private static Node originB;
    private static Node edge1;
    private static Node edge2;
    private static Node tier2;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(2, 2, 1, "--edge-play-wait-ms", "1500", "--edge-upstream-idle-ms", "300");
        originA = cluster.origins.get(0);
        originB = cluster.origins.get(1);
        edge1 = cluster.edges.get(0);
        edge2 = cluster.edges.get(1);
        tier2 = cluster.addEdge("--edge-parents", edge1.options().rtmpAddress(), "--edge-upstream-idle-ms", "300");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    private static StreamRecord record(String key) {
        return TestNode.await(originA.cluster().streams().lookup(new StreamKey("live", key)));
    }

    private static MediaStream awaitStream(Node node, String name, long videoMessages) {
        StreamKey key = new StreamKey("live", name);
        return Await.value(name + " with " + videoMessages + " video messages on " + node.options().role(), () -> {
            MediaStream s = node.streams().find(key);
            return s != null && s.stats().videoMessages() >= videoMessages ? s : null;
        });
    }

    @Test
    void secondPublisherOnAnotherOriginIsRefusedAndTheKeyIsFreeAfterUnpublish() {
        try (TestPublisher first = TestPublisher.connect(clients, TestCluster.port(originA), "live").publish("dup")) {
            StreamRecord claim = record("dup");
            assertNotNull(claim, "the publish is in the registry");
            assertEquals(originA.id(), claim.nodeId());
            assertEquals(originA.options().rtmpAddress(), claim.rtmpAddress());
            try (TestPublisher second = TestPublisher.connect(clients, TestCluster.port(originB), "live")) {
                assertEquals("NetStream.Publish.BadName", second.tryPublish("dup"));
            }
            assertEquals(claim, record("dup"), "the refused publish left the first claim alone");
        }
        Await.until("the registry to release dup", () -> record("dup") == null);
        try (TestPublisher again = TestPublisher.connect(clients, TestCluster.port(originB), "live").publish("dup")) {
            StreamRecord claim = record("dup");
            assertEquals(originB.id(), claim.nodeId());
        }
    }

    @Test
    void playersOnBothEdgesReceiveWhatWasPublishedOnEitherOrigin() {
        SyntheticMedia media = new SyntheticMedia(10);
        List<MediaMessage> stream = media.stream(0, 3, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originB), "live").publish("both")) {
            publisher.send(stream.subList(0, 5));
            awaitStream(originB, "both", 2);
            try (TestPlayer p1 = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("both");
                 TestPlayer p2 = TestPlayer.connect(clients, TestCluster.port(edge2), "live").play("both")) {
                MediaStream upstream = originB.streams().find(new StreamKey("live", "both"));
                Await.until("both edges to pull", () -> upstream.stats().players() == 2);
                awaitPlayers(edge1, "both", 1);
                awaitPlayers(edge2, "both", 1);
                publisher.send(stream.subList(5, stream.size()));
                assertReceivesTheTail(stream, p1);
                assertReceivesTheTail(stream, p2);
            }
        }
    }

    @Test
    void twentyPlayersOnOneEdgeMakeOneUpstreamThatClosesAfterTheLastLeaves() {
        SyntheticMedia media = new SyntheticMedia(11);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live").publish("many")) {
            publisher.send(media.stream(0, 1, 25));
            MediaStream atOrigin = awaitStream(originA, "many", 2);
            List<TestPlayer> players = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                players.add(TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("many"));
            }
            awaitPlayers(edge1, "many", 20);
            assertEquals(1, atOrigin.stats().players(), "20 players on one edge, one upstream at the origin");
            publisher.send(media.stream(1000, 1, 25));
            for (TestPlayer p : players) {
                Await.until("frames at every player", () -> p.received().stream().anyMatch(Received::isKeyframe));
            }
            players.forEach(TestPlayer::close);
            Await.until("the upstream to close after the idle time", () -> atOrigin.stats().players() == 0);
        }
    }

    @Test
    void playOfAStreamThatAppearsWithinTheWaitStartsWhenItIsPublished() {
        SyntheticMedia media = new SyntheticMedia(12);
        try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge2), "live")) {
            var playing = player.startPlay("later");
            // The pull waits for the stream without taking a stream slot: its pull, not a stream, is there.
            Await.until("the edge to wait for the stream",
                    () -> cluster.host(edge2).pulls().find(new StreamKey("live", "later")) != null);
            assertNull(edge2.streams().find(new StreamKey("live", "later")), "no stream slot for a key not published");
            assertTrue(!playing.isComplete(), "the play waits for the stream to be published");
            try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live")) {
                publisher.publish("later");
                TestNode.await(playing);
                publisher.send(media.stream(0, 2, 25));
                Await.until("frames at the player", () -> player.received().stream().anyMatch(Received::isKeyframe));
            }
        }
    }

    @Test
    void aPlayerThatLeavesWhileItsPlayWaitsLeavesNoPullBehind() {
        StreamKey key = new StreamKey("live", "abandoned");
        try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge2), "live")) {
            player.startPlay("abandoned");
            Await.until("the edge to wait for the stream", () -> cluster.host(edge2).pulls().find(key) != null);
        }
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live")) {
            publisher.publish("abandoned");
            publisher.send(new SyntheticMedia(13).stream(0, 1, 25));
            MediaStream atOrigin = awaitStream(originA, "abandoned", 1);
            Await.until("the edge to drop the pull nobody waits for", () -> {
                MediaStream atEdge = edge2.streams().find(key);
                return atEdge == null || !atEdge.hasPublisher();
            });
            Await.until("no upstream left at the origin", () -> atOrigin.stats().players() == 0);
        }
    }

    @Test
    void publishesUnderThousandsOfRandomKeysLeaveNoRecordBehind() {
        var registry = originB.cluster().streams();
        int before = TestNode.await(registry.size());
        java.util.Set<String> members = originB.cluster().members();
        java.util.Random random = new java.util.Random();
        List<StreamKey> keys = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            List<io.vertx.core.Future<Boolean>> released = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                StreamKey key = new StreamKey("churn", Long.toHexString(random.nextLong()));
                keys.add(key);
                released.add(registry.claim(key, originB.id(), originB.options().rtmpAddress(), members)
                        .compose(registry::release));
            }
            TestNode.await(io.vertx.core.Future.all(released));
        }
        // Looked up as they were claimed, 250 at a time: 5000 at once could outlast REGISTRY_TIMEOUT_MS on a busy
        // machine, and that deadline is not what this test is about.
        for (int from = 0; from < keys.size(); from += 250) {
            List<io.vertx.core.Future<StreamRecord>> lookups = new ArrayList<>();
            keys.subList(from, from + 250).forEach(key -> lookups.add(registry.lookup(key)));
            TestNode.await(io.vertx.core.Future.all(lookups));
            assertTrue(lookups.stream().allMatch(lookup -> lookup.result() == null), "a released key left a record");
        }
        // Streams of earlier tests may still be ending, so the registry may shrink meanwhile; it must not grow.
        int after = TestNode.await(registry.size());
        assertTrue(after <= before, "5000 claims and releases later: " + before + " records before, " + after + " after");
    }

    @Test
    void playOfAStreamPublishedNowhereIsNotFoundAfterTheWait() {
        try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge1), "live")) {
            long start = System.nanoTime();
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> player.play("nowhere"));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("NetStream.Play.StreamNotFound"), e.getMessage());
            assertTrue(waitedMillis >= 1400, "waited " + waitedMillis + " ms for the stream to appear");
        }
    }

    @Test
    void playThroughAParentOfAStreamPublishedNowhereIsNotFound() {
        try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(tier2), "live")) {
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> player.play("nowhere-tier"));
            assertTrue(e.getMessage().contains("NetStream.Play.StreamNotFound"), e.getMessage());
        }
    }

    @Test
    void publishToAnEdgeIsForwardedToAnOriginAndPlayableOnTheOtherEdge() {
        SyntheticMedia media = new SyntheticMedia(13);
        List<MediaMessage> stream = media.stream(0, 2, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(edge1), "live").publish("ingest")) {
            StreamRecord claim = Await.value("the registry entry", () -> record("ingest"));
            assertTrue(claim.nodeId().equals(originA.id()) || claim.nodeId().equals(originB.id()),
                    "registered by an origin: " + claim);
            publisher.send(stream.subList(0, 5));
            Node origin = claim.nodeId().equals(originA.id()) ? originA : originB;
            awaitStream(origin, "ingest", 2);
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge2), "live").play("ingest")) {
                awaitPlayers(edge2, "ingest", 1);
                Await.until("edge2 pulling", () -> origin.streams().find(new StreamKey("live", "ingest"))
                        .stats().players() >= 1);
                publisher.send(stream.subList(5, stream.size()));
                assertReceivesTheTail(stream, player);
            }
        }
    }

    @Test
    void edgePlayersFollowAnUnpublishAndARepublishOnTheSameOrigin() {
        SyntheticMedia media = new SyntheticMedia(17);
        TestPlayer player;
        try (TestPublisher first = TestPublisher.connect(clients, TestCluster.port(originB), "live").publish("again")) {
            first.send(media.stream(0, 1, 25));
            awaitStream(originB, "again", 2);
            player = TestPlayer.connect(clients, TestCluster.port(edge2), "live").play("again");
            first.send(media.stream(1000, 1, 25));
            Await.until("frames at the edge player", () -> player.received().stream().anyMatch(Received::isKeyframe));
        }
        try (player) {
            player.awaitStatus("NetStream.Play.UnpublishNotify");
            int before = player.received().size();
            try (TestPublisher second = TestPublisher.connect(clients, TestCluster.port(originB), "live")
                    .publish("again")) {
                second.send(media.stream(0, 2, 25));
                player.awaitStatus("NetStream.Play.PublishNotify");
                Await.until("frames of the second session", () -> player.received().subList(before,
                        player.received().size()).stream().anyMatch(Received::isKeyframe));
            }
            Timestamps.assertMediaNeverGoesBack(player.received());
            assertEquals(null, player.closeReason());
        }
    }

    /**
     * What the edge's player gets first is what the origin's would: metadata at timestamp 0 (libavformat's condition
     * for taking it as metadata), and one |RtmpSampleAccess, the edge's own: the origin's answer to the edge's play
     * is not part of the stream.
     */
    @Test
    void edgePlayersGetMetadataAtTimestampZeroAndOnlyTheEdgesOwnSampleAccess() {
        SyntheticMedia media = new SyntheticMedia(18);
        List<MediaMessage> stream = media.stream(0, 3, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live")
                .publish("notices")) {
            publisher.send(stream.subList(0, stream.size() / 2));
            awaitStream(originA, "notices", 30);
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("notices")) {
                awaitPlayers(originA, "notices", 1);
                publisher.send(stream.subList(stream.size() / 2, stream.size()));
                String last = Received.of(stream.get(stream.size() - 1)).content();
                Await.until("the last message at the player", () -> player.received().stream()
                        .anyMatch(r -> r.content().equals(last)));
                Received first = player.received().get(0);
                assertTrue(first.dataName().equals("onMetaData") && first.timestamp() == 0,
                        "metadata first, at timestamp 0: " + first);
                assertEquals(1, player.sampleAccess().size(), "one |RtmpSampleAccess at the edge player: "
                        + player.sampleAccess());
                assertTrue(player.received().stream().noneMatch(r -> r.dataName().equals("onStatus")),
                        "no onStatus among the stream's data messages");
            }
        }
    }

    @Test
    void anEdgeWithAParentPullsThroughIt() {
        SyntheticMedia media = new SyntheticMedia(14);
        List<MediaMessage> stream = media.stream(0, 2, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live").publish("tiers")) {
            publisher.send(stream.subList(0, 5));
            MediaStream atOrigin = awaitStream(originA, "tiers", 2);
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(tier2), "live").play("tiers")) {
                awaitPlayers(tier2, "tiers", 1);
                awaitPlayers(edge1, "tiers", 1); // the second tier is the parent's one player
                Await.until("the parent pulling from the origin", () -> atOrigin.stats().players() == 1);
                publisher.send(stream.subList(5, stream.size()));
                assertReceivesTheTail(stream, player);
                assertEquals(1, atOrigin.stats().players(), "the origin sees only the parent edge");
            }
        }
    }

    @Test
    void anUpstreamThatSendsGarbageIsDroppedAndThePlayerStays() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger closedByEdge = new java.util.concurrent.atomic.AtomicInteger();
            Thread server = new Thread(() -> hostileOrigin(fake, closedByEdge), "hostile-origin");
            server.setDaemon(true);
            server.start();
            // Register the hostile server as the stream's origin, as a compromised or buggy node would be.
            java.util.Set<String> members = new java.util.HashSet<>(originA.cluster().members());
            members.add("hostile-node");
            TestNode.await(originA.cluster().streams().claim(new StreamKey("live", "hostile"), "hostile-node",
                    "127.0.0.1:" + fake.getLocalPort(), members));
            try (TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("hostile")) {
                Await.until("the edge to drop two hostile upstream connections", () -> closedByEdge.get() >= 2);
                assertEquals(null, player.closeReason(), "the player stays connected");
            }
            TestNode.await(originA.cluster().streams().release(
                    TestNode.await(originA.cluster().streams().lookup(new StreamKey("live", "hostile")))));
        }
        // The edge still serves other streams.
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live").publish("calm");
             TestPlayer player = TestPlayer.connect(clients, TestCluster.port(edge1), "live")) {
            var playing = player.startPlay("calm");
            publisher.send(new SyntheticMedia(15).stream(0, 1, 25));
            TestNode.await(playing);
            publisher.send(new SyntheticMedia(16).stream(1000, 1, 25));
            Await.until("frames from a healthy origin", () -> player.received().stream().anyMatch(Received::isKeyframe));
        }
    }

    /** Answers the handshake, then sends Set Chunk Size 0 (nginx-rtmp #1042 was a relay trusting such sizes). */
    private static void hostileOrigin(java.net.ServerSocket listener, java.util.concurrent.atomic.AtomicInteger closed) {
        while (!listener.isClosed()) {
            try (java.net.Socket s = listener.accept()) {
                var in = new java.io.DataInputStream(s.getInputStream());
                var out = s.getOutputStream();
                byte[] c0c1 = new byte[1537];
                in.readFully(c0c1);
                out.write(3);
                out.write(new byte[1536]); // S1: zero version, the plain handshake
                out.write(c0c1, 1, 1536); // S2 echoes C1
                in.readFully(new byte[1536]); // C2
                out.write(java.util.HexFormat.of().parseHex("020000000000040100000000" + "00000000"));
                out.flush();
                while (in.read() >= 0) {
                    // drain until the edge closes
                }
                closed.incrementAndGet();
            } catch (java.io.IOException e) {
                closed.incrementAndGet();
            }
        }
    }

    @Test
    void playersThatCutThePathAtAnotherSlashThanThePublisherShareItsStreamAndOnePull() {
        SyntheticMedia media = new SyntheticMedia(17);
        List<MediaMessage> stream = media.stream(0, 3, 25);
        // ffmpeg cuts rtmp://host/live/cut/x into app "live/cut" and "x"; rtmpdump -a live -y cut/x into "live"
        // and "cut/x".
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(originA), "live/cut")
                .publish("x")) {
            publisher.send(stream.subList(0, 5));
            awaitStream(originA, "cut/x", 2);
            assertEquals(originA.id(), TestNode.await(originB.cluster().streams().lookup(StreamKey.parse("live/cut/x")))
                    .nodeId());
            try (TestPlayer cutAfterApp = TestPlayer.connect(clients, TestCluster.port(edge1), "live").play("cut/x");
                 TestPlayer cutBeforeName = TestPlayer.connect(clients, TestCluster.port(edge1), "live/cut")
                         .play("x")) {
                awaitPlayers(edge1, "cut/x", 2);
                // The edge's players start once the registry says the stream is live; its pull reaches the origin
                // a moment later.
                MediaStream atOrigin = originA.streams().find(new StreamKey("live/cut", "x"));
                Await.until(() -> "the edge's pull at the origin (players " + atOrigin.stats().players() + ")",
                        () -> atOrigin.stats().players() >= 1);
                publisher.send(stream.subList(5, stream.size()));
                assertReceivesTheTail(stream, cutAfterApp);
                assertReceivesTheTail(stream, cutBeforeName);
                assertEquals(1, atOrigin.stats().players(), "one pull upstream, under the key's own app and name");
            }
        }
    }

    private static void awaitPlayers(Node node, String name, int count) {
        Await.until(() -> count + " players of " + name + " on " + node.options().rtmpAddress(), () -> {
            MediaStream s = node.streams().find(new StreamKey("live", name));
            return s != null && s.stats().players() == count;
        });
    }

    /** Waits for the last sent message at {@code player}, then checks everything it got is the sent tail. */
    private static void assertReceivesTheTail(List<MediaMessage> sent, TestPlayer player) {
        String last = Received.of(sent.get(sent.size() - 1)).content();
        Await.until("the last message at the player", () -> !player.received().isEmpty()
                && player.received().get(player.received().size() - 1).content().equals(last));
        assertEndsWith(sent, player.received());
    }

    /** The player's messages after its three headers equal the tail of what was sent (nothing lost or reordered). */
    static void assertEndsWith(List<MediaMessage> sent, List<Received> received) {
        List<String> got = received.stream().filter(r -> !r.isVideoSequenceHeader() && !r.isAudioSequenceHeader())
                .filter(r -> !(r.isData() && new String(r.payload(), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("onMetaData")))
                .map(Received::content).toList();
        List<String> all = sent.stream().map(m -> Received.of(m).content()).toList();
        assertTrue(got.size() > 10, "received " + got.size() + " messages");
        assertEquals(all.subList(all.size() - got.size(), all.size()), got, "received messages are the sent tail");
    }
}
