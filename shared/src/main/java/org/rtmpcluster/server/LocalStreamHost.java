package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.TooManyStreamsException;

/** Streams published and played on this node only. */
public final class LocalStreamHost implements StreamHost {
    private final StreamTable table;

    public LocalStreamHost(StreamTable table) {
        this.table = table;
    }

    @Override
    public Future<Publication> publish(StreamKey key, String publisherDescription, boolean takeOver) {
        try {
            return Future.succeededFuture(table.publish(key, publisherDescription, takeOver));
        } catch (TooManyStreamsException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public PlayLease play(StreamKey key) {
        return PlayLease.of(Future.succeededFuture(table.find(key)));
    }
}
