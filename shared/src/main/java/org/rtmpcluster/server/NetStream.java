package org.rtmpcluster.server;

import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.Subscriber;
import org.rtmpcluster.metering.MeteredSession;

/** One NetStream of a connection (createStream): publishing or playing one stream at a time. */
final class NetStream {
    enum State { IDLE, STARTING, PUBLISHING, PLAYING }

    final int id;
    State state = State.IDLE;
    StreamKey key;
    Publication publication;
    MediaStream stream;
    Subscriber subscriber;
    /** Held from a play command until the play ends, whether or not it ever started. */
    PlayLease lease;
    /** The publish or play being metered (session events), from its start to its stop; null otherwise. */
    MeteredSession metered;
    /** Why the NetStream stops while its connection stays, for metering, when not the client's choice. */
    String stopReason;
    /** When the latest play command came (System.nanoTime): the start of the time to first keyframe. */
    long playAskedNanos;

    NetStream(int id) {
        this.id = id;
    }
}
