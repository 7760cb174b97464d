package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;

/**
 * Where a role finds streams: an origin publishes and plays its own; an edge finds them in the cluster and pulls
 * them. The RTMP session logic is the same for both.
 */
public interface StreamHost {

    /**
     * Claims {@code key} for a publisher; the future holds null when the stream already has one (that has sent media
     * within {@code PUBLISHER_TAKEOVER_MS}, unless {@code takeOver}: the new publisher proved credentials for the key).
     */
    Future<Publication> publish(StreamKey key, String publisherDescription, boolean takeOver);

    /** A player asks for {@code key}: its lease on the stream, which the session releases when the player is done. */
    PlayLease play(StreamKey key);
}
