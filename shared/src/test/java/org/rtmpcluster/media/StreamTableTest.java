package org.rtmpcluster.media;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;


/** The table of a node's streams across event loops. */
class StreamTableTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @Test
    void streamThatEndsLateRemovesOnlyItselfNotTheNewPublicationOfItsKey() {
        StreamTable table = new StreamTable(StreamOptions.DEFAULT);
        StreamKey key = new StreamKey("live", "cam");
        Context loop = vertx.getOrCreateContext();
        MediaStream first = TestNode.onContext(loop, () -> table.publish(key, "first").stream());
        // The first stream ends; before its end reaches the table, the key is published again.
        first.releaseBuffers();
        MediaStream second = TestNode.onContext(loop, () -> table.publish(key, "second").stream());
        assertNotSame(first, second);
        table.ended(first);
        assertSame(second, table.find(key), "the new publication keeps its stream");
        second.releaseBuffers();
    }

    @Test
    void aStreamThatNeverCarriedMediaLeavesTheTableAsItsPublisherLeavesNotAfterTheGrace() {
        // A grace of an hour: only "at once" can pass.
        StreamOptions d = StreamOptions.DEFAULT;
        StreamTable table = new StreamTable(new StreamOptions(d.gopCacheMaxBytes(), d.gopCacheMaxMessages(),
                3_600_000, d.playerMaxLagMillis(), d.publisherTakeoverMillis(), d.audioCoalesceMillis(), 1));
        Context loop = vertx.getOrCreateContext();
        StreamKey key = new StreamKey("live", "never");
        TestNode.onContext(loop, () -> {
            table.publish(key, "publish-and-leave").close();
            return null;
        });
        Await.until("the stream that carried nothing to leave the table", () -> table.find(key) == null);
        MediaStream next = TestNode.onContext(loop, () -> table.publish(new StreamKey("live", "real"), "real")
                .stream());
        next.releaseBuffers();
    }

    @Test
    void newStreamsOverTheBoundAreRefusedUntilOneEnds() {
        StreamTable table = new StreamTable(StreamOptions.DEFAULT.withMaxStreams(2));
        Context loop = vertx.getOrCreateContext();
        MediaStream a = TestNode.onContext(loop, () -> table.publish(new StreamKey("live", "a"), "a").stream());
        MediaStream b = TestNode.onContext(loop, () -> table.publish(new StreamKey("live", "b"), "b").stream());
        Object refused = TestNode.onContext(loop, () -> {
            try {
                return table.publish(new StreamKey("live", "c"), "c");
            } catch (TooManyStreamsException e) {
                return e;
            }
        });
        assertInstanceOf(TooManyStreamsException.class, refused);
        assertNull(table.find(new StreamKey("live", "c")), "a refusal leaves no entry");
        assertNull(TestNode.onContext(loop, () -> table.publish(new StreamKey("live", "a"), "again")),
                "a key the table holds is no new stream: it is refused as already published, not as one too many");
        table.ended(a);
        a.releaseBuffers();
        MediaStream c = TestNode.onContext(loop, () -> table.publish(new StreamKey("live", "c"), "c").stream());
        assertSame(c, table.find(new StreamKey("live", "c")));
        b.releaseBuffers();
        c.releaseBuffers();
    }
}
