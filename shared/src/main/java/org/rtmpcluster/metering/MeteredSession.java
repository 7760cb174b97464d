package org.rtmpcluster.metering;

/** A publish or play being metered: the server says when it stops, once, on the session's loop. */
public interface MeteredSession {
    MeteredSession NONE = reason -> { };

    /**
     * The session ended; {@code reason} is the connection's close reason label ({@code peer_closed},
     * {@code drained}, ...), or {@code stopped} when the client stopped the stream and stayed connected.
     */
    void stopped(String reason);
}
