package org.rtmpcluster.server;

import org.rtmpcluster.rtmp.net.ConnectionOptions;

/**
 * An RTMP listener's settings.
 *
 * @param host               address to bind
 * @param port               port to bind (0 picks a free one)
 * @param connection         bounds of each connection
 * @param playerMaxLagMillis how long a player may stay behind before it is dropped
 * @param connectTimeoutMillis time from the end of the handshake to a {@code connect}
 */
public record RtmpServerOptions(String host, int port, ConnectionOptions connection, long playerMaxLagMillis,
                                long connectTimeoutMillis) {
    /** nginx-rtmp's {@code timeout} is 60 s for any silence; a client sends connect right after the handshake. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;

    /** Options with the default connect deadline. */
    public RtmpServerOptions(String host, int port, ConnectionOptions connection, long playerMaxLagMillis) {
        this(host, port, connection, playerMaxLagMillis, DEFAULT_CONNECT_TIMEOUT_MILLIS);
    }
}
