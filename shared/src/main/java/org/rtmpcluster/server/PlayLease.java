package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.media.MediaStream;

/**
 * One player's hold on a stream, from its play command until it stops for whatever reason: the stream was not
 * found, the play failed, the player stopped, or its connection closed while it was still waiting or while it was
 * playing. A host that keeps something alive for its players (an edge's upstream pull) counts leases rather than
 * subscribers, so a player that leaves before it subscribes is counted too. The session releases every lease it
 * takes; releasing one again changes nothing.
 */
public interface PlayLease {

    /** The stream to play; holds null when there is no such stream. */
    Future<MediaStream> stream();

    /** The player is done with the stream. Idempotent. */
    void release();

    /** A lease on a stream that needs no release (a host that keeps nothing alive for players). */
    static PlayLease of(Future<MediaStream> stream) {
        return new PlayLease() {
            @Override
            public Future<MediaStream> stream() {
                return stream;
            }

            @Override
            public void release() {
            }
        };
    }
}
