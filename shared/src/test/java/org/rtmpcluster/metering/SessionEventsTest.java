package org.rtmpcluster.metering;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.http.Metrics;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.Traffic;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session events from a node to a receiver, with our own clients whose sockets count the bytes they received and
 * sent ({@link Traffic}): the figures a play_stop and a publish_stop report are checked against those counts.
 */
class SessionEventsTest {
    private static final int FRAMES_PER_ROUND = 50;
    private static final int FRAME_BYTES = 4000;

    private final Vertx clients = Vertx.vertx();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SyntheticMedia media = new SyntheticMedia(20);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        TestNode.await(clients.close());
    }

    private EventReceiver receiver() {
        EventReceiver r = EventReceiver.start();
        open.add(r);
        return r;
    }

    private TestNode node(EventReceiver receiver, String... more) {
        List<String> flags = new ArrayList<>(receiver.flags());
        flags.addAll(List.of(more));
        TestNode node = TestNode.start(flags.toArray(String[]::new));
        open.add(node);
        return node;
    }

    private RtmpClient client(TestNode node, Traffic traffic) {
        Context context = clients.getOrCreateContext();
        Promise<RtmpClient> connected = Promise.promise();
        context.runOnContext(v -> RtmpClient.connect(clients, "127.0.0.1", node.port(), "live",
                ConnectionOptions.DEFAULT, traffic).onComplete(connected));
        RtmpClient client = TestNode.await(connected.future());
        open.add(() -> TestNode.await(TestNode.onContext(client.context(), client::close)));
        return client;
    }

    private static void publish(RtmpClient publisher, String name) {
        TestNode.await(TestNode.onContext(publisher.context(), () -> publisher.publish(name)));
    }

    private void send(RtmpClient publisher, long fromTs) {
        List<MediaMessage> round = new ArrayList<>();
        round.add(media.keyframe(fromTs, FRAME_BYTES * 4));
        for (int i = 1; i < FRAMES_PER_ROUND; i++) {
            round.add(media.interframe(fromTs + i * 40L, FRAME_BYTES));
        }
        publisher.context().runOnContext(v -> round.forEach(publisher::send));
    }

    private static EventCounts counts(TestNode node) {
        return ((EventWebhook) node.node().sessionEvents()).counts();
    }

    @Test
    void playStopReportsTheBytesThePlayersSocketReceivedAndUpdatesGrow() {
        EventReceiver receiver = receiver();
        TestNode node = node(receiver);
        Traffic publisherSocket = new Traffic();
        RtmpClient publisher = client(node, publisherSocket);
        publish(publisher, "cam");
        publisher.context().runOnContext(v -> {
            publisher.send(SyntheticMedia.metadata(0));
            publisher.send(media.videoSequenceHeader(0));
        });
        Traffic playerSocket = new Traffic();
        RtmpClient player = client(node, playerSocket);
        AtomicInteger frames = new AtomicInteger();
        player.mediaHandler(batch -> frames.addAndGet((int) batch.stream().filter(m -> m.typeId() == 9
                && m.payload().readableBytes() >= FRAME_BYTES).count()));
        TestNode.await(TestNode.onContext(player.context(), () -> player.play("cam")));

        List<Long> updatesAfterRounds = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            send(publisher, round * 10_000L);
            int expected = round * FRAMES_PER_ROUND;
            Await.until(() -> "frames " + frames.get() + " of " + expected, () -> frames.get() >= expected);
            long received = playerSocket.bytesIn();
            JsonObject update = Await.value("an update counting round " + round, () -> receiver
                    .events(EventReceiver.type("update", "play")).stream()
                    .filter(e -> e.getLong("bytesOut") >= received).findFirst().orElse(null));
            updatesAfterRounds.add(update.getLong("bytesOut"));
        }
        assertTrue(updatesAfterRounds.get(0) < updatesAfterRounds.get(1)
                && updatesAfterRounds.get(1) < updatesAfterRounds.get(2), "updates grow: " + updatesAfterRounds);

        TestNode.await(TestNode.onContext(player.context(), player::close));
        JsonObject playStop = Await.value("play_stop", () -> receiver.events(EventReceiver.type("play_stop"))
                .stream().findFirst().orElse(null));
        long reported = playStop.getLong("bytesOut");
        long received = playerSocket.bytesIn();
        System.out.println("metering figure: player play_stop bytesOut " + reported + ", its socket read "
                + received);
        assertTrue(Math.abs(reported - received) <= received / 100, "play_stop bytesOut " + reported
                + " vs the player's socket's " + received);
        assertTrue(received > 3 * FRAMES_PER_ROUND * FRAME_BYTES, "the player received the rounds: " + received);
        assertEquals("peer_closed", playStop.getString("reason"));

        TestNode.await(TestNode.onContext(publisher.context(), publisher::close));
        JsonObject publishStop = Await.value("publish_stop", () -> receiver
                .events(EventReceiver.type("publish_stop")).stream().findFirst().orElse(null));
        long sent = publisherSocket.bytesOut();
        long in = publishStop.getLong("bytesIn");
        assertTrue(Math.abs(in - sent) <= sent / 100, "publish_stop bytesIn " + in + " vs the publisher's socket's "
                + sent);

        JsonObject playStart = receiver.events(EventReceiver.type("play_start")).get(0);
        assertEquals(playStop.getString("sessionId"), playStart.getString("sessionId"));
        assertEquals("live", playStart.getString("app"));
        assertEquals("cam", playStart.getString("stream"));
        assertEquals("rtmp", playStart.getString("protocol"));
        assertEquals(node.node().id(), playStart.getString("nodeId"));
        assertEquals("open", playStart.getJsonObject("credential").getString("scheme"));
        assertTrue(playStart.getString("client").startsWith("127.0.0.1:"));
        assertTrue(playStop.getLong("durationMs") >= 1000, "the play lasted the rounds");
        assertEquals(List.of(), receiver.badSignatures(), "every event is signed with the secret");
        Set<String> ids = new HashSet<>();
        receiver.events().forEach(e -> assertTrue(ids.add(e.getString("eventId")), "event ids are unique"));
        assertInOrderPerSession(receiver.events());
    }

    @Test
    void anUpdateAnsweredForbiddenCutsThePlayerOnly() {
        EventReceiver receiver = receiver();
        receiver.answer(e -> "update".equals(e.getString("event")) && "play".equals(e.getString("action"))
                ? 403 : 200);
        TestNode node = node(receiver);
        TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam");
        open.add(publisher);
        TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam");
        open.add(player);

        Await.until("the player is cut", () -> player.client().isClosed());
        JsonObject stop = Await.value("play_stop", () -> receiver.events(EventReceiver.type("play_stop")).stream()
                .findFirst().orElse(null));
        assertEquals("auth_expired", stop.getString("reason"));
        Await.until("a publish update answered 200", () -> !receiver.events(EventReceiver.type("update", "publish"))
                .isEmpty());
        assertFalse(publisher.isClosed(), "the publisher's updates were answered 200");
        assertTrue(receiver.events(EventReceiver.type("publish_stop")).isEmpty());
    }

    @Test
    void everyStartHasItsStopWhenTheNodeDrains() {
        EventReceiver receiver = receiver();
        TestNode node = node(receiver, "--drain-timeout-ms", "300");
        startSessions(node, receiver);
        TestNode.await(node.node().drainAndStop());
        assertEveryStartStopped(receiver, "drained");
    }

    @Test
    void everyStartHasItsStopWhenTheNodeStops() {
        EventReceiver receiver = receiver();
        TestNode node = node(receiver);
        startSessions(node, receiver);
        TestNode.await(node.node().stop());
        // No wait: the node delivered them before its stop completed.
        assertEveryStartStopped(receiver, "shutdown");
    }

    private void startSessions(TestNode node, EventReceiver receiver) {
        open.add(TestPublisher.connect(clients, node.port(), "live").publish("cam"));
        open.add(TestPlayer.connect(clients, node.port(), "live").play("cam"));
        open.add(TestPlayer.connect(clients, node.port(), "live").play("cam"));
        Await.until("three starts", () -> receiver.events(e -> e.getString("event").endsWith("_start")).size() == 3);
    }

    private static void assertEveryStartStopped(EventReceiver receiver, String reason) {
        List<JsonObject> starts = receiver.events(e -> e.getString("event").endsWith("_start"));
        assertEquals(3, starts.size());
        for (JsonObject start : starts) {
            String session = start.getString("sessionId");
            List<JsonObject> stops = receiver.events(e -> e.getString("event").endsWith("_stop")
                    && session.equals(e.getString("sessionId")));
            assertEquals(1, stops.size(), "one stop for " + start);
            // A player whose publisher went first may have stopped with the stream, just before its own close.
            Set<String> reasons = start.getString("action").equals("publish") ? Set.of(reason)
                    : Set.of(reason, "stream_ended");
            assertTrue(reasons.contains(stops.get(0).getString("reason")), "stopped for " + reasons + ": "
                    + stops.get(0));
        }
    }

    @Test
    void aReceiverThatIsDownForThirtySecondsLosesNoEvent() {
        EventReceiver receiver = receiver();
        receiver.down();
        TestNode node = node(receiver, "--events-timeout-ms", "500");
        TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam");
        open.add(publisher);
        TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam");
        player.close();
        publisher.close();
        // A 30 s outage, through the backoffs (0.5, 1, 2, ... 16 s, then 30 s between tries at most).
        long downSince = System.nanoTime();
        Await.until(() -> "30 s down, retrying: " + counts(node).retried(), () -> counts(node).retried() >= 6
                && System.nanoTime() - downSince >= 30_000_000_000L, 45_000);
        assertTrue(receiver.events().isEmpty());
        receiver.up();

        Await.until(() -> "every event after the outage: " + receiver.events(),
                () -> Set.of("publish_start", "play_start", "play_stop", "publish_stop").stream()
                        .allMatch(t -> !receiver.events(EventReceiver.type(t)).isEmpty())
                        && counts(node).queued() == 0, 45_000);
        assertEquals(0, counts(node).dropped());
        assertInOrderPerSession(receiver.events());
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFit() {
        EventReceiver receiver = receiver();
        receiver.down();
        TestNode node = node(receiver, "--events-queue-max", "2", "--events-timeout-ms", "500");
        open.add(TestPublisher.connect(clients, node.port(), "live").publish("cam"));
        open.add(TestPlayer.connect(clients, node.port(), "live").play("cam"));
        open.add(TestPlayer.connect(clients, node.port(), "live").play("cam"));
        Await.until(() -> "a drop: " + counts(node).dropped(), () -> counts(node).dropped() >= 1);
        assertEquals(2, counts(node).queued());

        Metrics metrics = new Metrics(node.node().vertx(), "test", node.node().stats(), node.node().streams(), 0);
        try {
            metrics.countEvents(counts(node));
            String text = metrics.scrape();
            assertTrue(text.contains("rtmp_events_dropped_total{role=\"test\"} " + counts(node).dropped() + ".0"),
                    text);
            assertTrue(text.contains("rtmp_events_queued{role=\"test\"} 2.0"), text);
        } finally {
            metrics.close();
        }
    }

    @Test
    void withoutAReceiverSessionsAreNotMetered() {
        TestNode node = TestNode.start();
        open.add(node);
        assertTrue(node.node().sessionEvents() == SessionEvents.NONE);
        assertNull(EventWebhook.create(node.node().vertx(), EventsOptions.NONE, "n", "origin"));
    }

    /** Each session's events came in the order they happened: its seq counts up from 0 (retries may repeat one). */
    private static void assertInOrderPerSession(List<JsonObject> events) {
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        for (JsonObject e : events) {
            int seq = e.getInteger("seq");
            Integer before = last.put(e.getString("sessionId"), seq);
            assertTrue(before == null ? seq == 0 : seq == before || seq == before + 1, "in order: " + e);
        }
    }
}
