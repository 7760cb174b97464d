package org.rtmpcluster.media;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.testing.TestNode;

import static org.junit.jupiter.api.Assertions.assertNotSame;
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
}
