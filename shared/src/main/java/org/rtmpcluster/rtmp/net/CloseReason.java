package org.rtmpcluster.rtmp.net;

import java.util.Locale;

/**
 * Why a connection closed, as a small fixed set: the log line keeps the full text, metrics count by this (a label
 * taken from the text would grow with every peer's address and every message the peer got wrong).
 */
public enum CloseReason {
    /** The peer broke the protocol: a bad chunk, message, AMF value or handshake, or a command out of order. */
    PROTOCOL_ERROR,
    /** Our replies and control messages piled up unsent: the peer stopped reading. */
    PEER_NOT_READING,
    /** The peer sent nothing, not even a ping response, for the idle timeout. */
    IDLE_TIMEOUT,
    HANDSHAKE_TIMEOUT,
    /** The handshake was done, and no {@code connect} came in time. */
    CONNECT_TIMEOUT,
    /** The node's memory budget was full, and this connection held the most where most was held. */
    MEMORY_BUDGET,
    /** A player stayed behind longer than allowed. */
    TOO_SLOW,
    /** Authorization or the session refused the connect, a publish or a play. */
    REJECTED,
    /**
     * The session's authorization ran out (a webhook's lifetime, a token's expiry when sessions are cut at it), or
     * the session events receiver refused its update (pay-per-minute: the paid time is up).
     */
    AUTH_EXPIRED,
    /** The peer closed the socket. */
    PEER_CLOSED,
    TRANSPORT_ERROR,
    SHUTDOWN,
    /** The node drained and its drain timeout passed with the peer still connected. */
    DRAINED,
    /** A bug of ours, caught: it cost this connection only. */
    INTERNAL_ERROR,
    /** Ended by the node's own logic: a publisher taken over, a pull or client we no longer need. */
    ENDED;

    /** The metric label: the name in lower case ({@code protocol_error}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
