package org.rtmpcluster.auth;

/**
 * What is being asked: {@code action} on {@code app}/{@code stream} (stream is null for a connect), with the query
 * the client sent (credentials live there), from {@code peer} (its host address).
 *
 * @param sessionId identifies the connection in logs and webhook bodies
 * @param flashVer  the connect's flashVer ("FMLE/3.0 ..." from encoders), or ""
 * @param user      the user the connection authenticated as at connect (authmod=adobe), or null
 */
public record AuthRequest(Action action, String app, String stream, String query, String peer, String sessionId,
                          String flashVer, String user) {
    public enum Action {
        CONNECT, PUBLISH, PLAY;

        /** As tokens and webhook bodies spell it. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AuthRequest {
        query = query == null ? "" : query;
        flashVer = flashVer == null ? "" : flashVer;
    }

    /** Convenience for tests and callers without connection details. */
    public AuthRequest(Action action, String app, String stream, String query, String peer) {
        this(action, app, stream, query, peer, "", "", null);
    }

    /** The stream key's path, app/stream, that tokens sign and permissions name. */
    public String path() {
        return stream == null ? app : app + "/" + stream;
    }

    /** The request's query parameters (first value of each name). */
    public QueryParams params() {
        return QueryParams.parse(query);
    }

    /** Whether the peer is this machine. */
    public boolean fromLoopback() {
        return Loopback.is(peer);
    }
}
