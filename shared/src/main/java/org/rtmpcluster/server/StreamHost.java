package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;

/**
 * Where a role finds streams: an origin publishes and plays its own; an edge finds them in the cluster and pulls
 * them. The RTMP session logic is the same for both.
 */
public interface StreamHost {

    /** Claims {@code key} for a publisher; the future holds null when the stream already has one. */
    Future<Publication> publish(StreamKey key, String publisherDescription);

    /** The stream to play; the future holds null when there is no such stream. */
    Future<MediaStream> play(StreamKey key);

    /** A player left {@code stream} (after it unsubscribed). */
    default void playerLeft(MediaStream stream) {
    }
}
