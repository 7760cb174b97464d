package org.rtmpcluster.client;

import java.net.URI;

/**
 * Where an RTMP client connects: {@code rtmp://host[:port]/app[?query]}. Parsed from text a server sent (a reconnect
 * request's tcUrl), so anything malformed, too long or with a port out of range is refused rather than guessed at.
 *
 * @param query the connect query without '?', or empty
 */
public record RtmpUrl(String host, int port, String app, String query) {
    public static final int DEFAULT_PORT = 1935;
    private static final int MAX_LENGTH = 1024;

    /** The tcUrl a client sends in its connect. */
    public String tcUrl() {
        return "rtmp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + app
                + (query.isEmpty() ? "" : "?" + query);
    }

    /** The app with its query, as a connect's {@code app} carries it. */
    public String appWithQuery() {
        return query.isEmpty() ? app : app + "?" + query;
    }

    /**
     * Parses {@code text}: an absolute {@code rtmp://} URL, or one relative to {@code base} (a path keeps base's
     * host and port). Null when it is not one: the caller keeps what it has.
     */
    public static RtmpUrl parse(String text, RtmpUrl base) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return null;
        }
        try {
            URI uri = base == null ? new URI(text) : new URI(base.tcUrl()).resolve(text);
            if (!"rtmp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawPath() == null) {
                return null;
            }
            String path = uri.getPath();
            String app = path.startsWith("/") ? path.substring(1) : path;
            int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
            if (app.isEmpty() || port < 1 || port > 65_535) {
                return null;
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return new RtmpUrl(host, port, app, uri.getRawQuery() == null ? "" : uri.getRawQuery());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
