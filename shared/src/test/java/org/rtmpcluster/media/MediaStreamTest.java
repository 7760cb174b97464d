package org.rtmpcluster.media;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a {@link MediaStream} sends its players, seen through one player's connection. */
@ExtendWith(VertxExtension.class)
class MediaStreamTest {
    private static final StreamKey KEY = new StreamKey("live", "cam");
    private final SyntheticMedia media = new SyntheticMedia(9);

    /**
     * An edge whose upstream moved (to another origin, or the same one again) gets that server's answer to its play
     * (|RtmpSampleAccess, and from some servers an onStatus sent as data), then metadata at 0, then headers and the
     * GOP of a stream 3 s in. The server's notices are not the stream's, and the timeline goes on from the first
     * frame: metadata at 0 must not shift it.
     */
    @Test
    void aRestartedSourceContinuesTheTimelineFromItsFirstFrameWithoutTheServersNotices(Vertx vertx) {
        Context loop = vertx.getOrCreateContext();
        StreamTable table = new StreamTable(StreamOptions.DEFAULT);
        Publication upstream = TestNode.onContext(loop, () -> table.publish(KEY, "upstream"));
        MediaStream stream = upstream.stream();
        RecordingSink sink = new RecordingSink();
        stream.subscribe(new Subscriber(sink, loop, 10_000, stream.stats()));
        Await.until("the player to join", () -> stream.stats().players() == 1);
        try {
            upstream.push(List.of(SyntheticMedia.metadata(0), media.videoSequenceHeader(0),
                    media.audioSequenceHeader(0), media.keyframe(0, 1000), media.interframe(40, 500),
                    media.interframe(80, 500)));
            upstream.restart();
            upstream.push(List.of(SyntheticMedia.data(0, "|RtmpSampleAccess", true, true),
                    SyntheticMedia.data(0, "onStatus", Map.of("code", "NetStream.Data.Start")),
                    SyntheticMedia.data(0, "onMetaData", Map.of("width", 320.0)), media.videoSequenceHeader(3000),
                    media.audioSequenceHeader(3000), media.keyframe(3000, 1000), media.interframe(3040, 500)));

            Await.until(() -> "7 video messages at the player, have " + sink.written,
                    () -> sink.written.stream().filter(w -> w.startsWith("video")).count() == 7);
            assertEquals(List.of("data@0", "video@0", "audio@0", "video@0", "video@40", "video@80",
                    "data@0", "video@80", "audio@80", "video@80", "video@120"), sink.written);
        } finally {
            TestNode.onContext(loop, () -> {
                stream.releaseBuffers();
                return null;
            });
        }
    }
}
