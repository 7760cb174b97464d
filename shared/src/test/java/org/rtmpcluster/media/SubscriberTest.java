package org.rtmpcluster.media;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.SyntheticMedia;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The slow-player policy of {@link Subscriber}, against a sink whose backlog the test fills and drains. */
class SubscriberTest {
    private static Vertx vertx;
    private final SyntheticMedia media = new SyntheticMedia(7);
    private final RecordingSink sink = new RecordingSink();
    private final StreamStats stats = new StreamStats();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @Test
    void headerThatArrivesWhileFullIsSentBeforeTheKeyframeThePlayerResumesAt() {
        Subscriber player = new Subscriber(sink, vertx.getOrCreateContext(), 10_000, stats);
        deliver(player, media.videoSequenceHeader(0), media.keyframe(0, 1000));
        sink.full = true;
        deliver(player, media.videoSequenceHeader(40), media.interframe(40, 500));
        sink.full = false;
        deliver(player, media.interframe(80, 500));
        deliver(player, media.keyframe(120, 1000), media.interframe(160, 500));
        assertEquals(List.of("video@0", "video@0", "video@40", "video@120", "video@160"), sink.written);
        assertEquals(2, stats.playerMessagesSkipped(), "the frames between were skipped");
        player.dispose();
    }

    @Test
    void batchIsWrittenWholeWhenThereWasRoomAtItsStartAndFlushedOnce() {
        Subscriber player = new Subscriber(sink, vertx.getOrCreateContext(), 10_000, stats);
        deliver(player, media.keyframe(0, 1000), media.audioFrame(10), media.interframe(33, 500));
        assertEquals(3, sink.written.size());
        assertEquals(1, sink.flushes);
    }

    private static void deliver(Subscriber player, MediaMessage... messages) {
        List<SharedMessage> batch = new ArrayList<>();
        for (MediaMessage m : messages) {
            boolean header = CodecTags.isVideoSequenceHeader(m)
                    || CodecTags.isAudioSequenceHeader(m);
            batch.add(SharedMessage.encode(m, header));
        }
        player.deliver(batch);
        batch.forEach(SharedMessage::release);
    }
}
