package org.rtmpcluster.server;

import org.rtmpcluster.rtmp.net.ConnectionOptions;

/**
 * An RTMP listener's settings.
 *
 * @param host               address to bind
 * @param port               port to bind (0 picks a free one)
 * @param connection         bounds of each connection
 * @param playerMaxLagMillis how long a player may stay behind before it is dropped
 */
public record RtmpServerOptions(String host, int port, ConnectionOptions connection, long playerMaxLagMillis) {
}
