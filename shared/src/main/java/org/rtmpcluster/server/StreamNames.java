package org.rtmpcluster.server;

import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.media.StreamKey;

/**
 * How a client's app and stream names become keys: anything after {@code ?} is the query (kept for authorization,
 * not part of the key), leading and trailing slashes of the app are dropped, the key is the path app/name in
 * {@link StreamKey}'s canonical form (a name's slashes move into the app), and each part of it must be valid and no
 * longer than the configured bound.
 */
final class StreamNames {
    private final int maxNameLength;

    StreamNames(int maxNameLength) {
        this.maxNameLength = maxNameLength;
    }

    /** A name as the client sent it, split at the first {@code ?}; the query is null when there was none. */
    record Requested(String name, String query) {
        static Requested parse(String requested) {
            int q = requested.indexOf('?');
            return q < 0 ? new Requested(requested, null) : new Requested(requested.substring(0, q),
                    requested.substring(q + 1));
        }

        String queryOr(String fallback) {
            return query == null ? fallback : query;
        }
    }

    /** The app a connect asks for, slashes trimmed; null when it is not a valid name. */
    String app(Requested requested) {
        String app = trimSlashes(requested.name());
        return valid(app) ? app : null;
    }

    /**
     * The key a publish or play of {@code requested} on {@code app} names; null when it is not valid. The bound holds
     * for the key's parts, so that an edge can send them upstream to an origin with the same configuration.
     */
    StreamKey key(String app, String requested) {
        StreamKey key = requested == null ? null : canonical(app, Requested.parse(requested).name());
        return key != null && valid(key.app()) && valid(key.name()) ? key : null;
    }

    /**
     * What a publish or play asks the authorizer: the stream's own query when it has one, else the connect's
     * (clients put tokens in either).
     */
    static AuthRequest auth(AuthRequest.Action action, String app, String requested, String connectQuery,
                            String peer, String sessionId, String flashVer, String user) {
        Requested r = Requested.parse(requested);
        // The authorizer sees the key's app and name, however the client cut the path.
        StreamKey key = canonical(app, r.name());
        String query = r.queryOr(connectQuery);
        return key == null ? new AuthRequest(action, app, r.name(), query, peer, sessionId, flashVer, user)
                : new AuthRequest(action, key.app(), key.name(), query, peer, sessionId, flashVer, user);
    }

    /** The key app/name names, or null (also before connect, when there is no app yet). */
    private static StreamKey canonical(String app, String name) {
        if (app == null) {
            return null;
        }
        String path = app + "/" + name;
        return StreamKey.isValidKey(path) ? StreamKey.parse(path) : null;
    }

    private boolean valid(String name) {
        return StreamKey.isValidPart(name) && name.length() <= maxNameLength;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
