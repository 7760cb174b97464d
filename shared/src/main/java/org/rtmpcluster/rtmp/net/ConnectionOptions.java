package org.rtmpcluster.rtmp.net;

import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.ChunkLimits;

/**
 * Bounds and timings of one RTMP connection, server or client side. Everything a peer can make us hold or wait
 * for is bounded here.
 *
 * @param chunk                   chunk size, message length, chunk streams, reassembly bytes
 * @param amf                     AMF nesting depth, string length, entries
 * @param handshakeTimeoutMillis  time allowed from accept to a completed handshake
 * @param idleTimeoutMillis       a peer that sends nothing (not even a ping response) for this long is dropped
 * @param pingIntervalMillis      how often we ping a quiet peer
 * @param maxStreamsPerConnection createStream calls allowed per connection
 * @param writeQueueMaxBytes      outbound backlog bound per connection; a player over it starts skipping
 * @param windowAckSize           the window we ask peers to acknowledge
 * @param maxNameLength           longest app or stream name a peer may use
 */
public record ConnectionOptions(ChunkLimits chunk, AmfLimits amf, long handshakeTimeoutMillis, long idleTimeoutMillis,
                                long pingIntervalMillis, int maxStreamsPerConnection, int writeQueueMaxBytes,
                                long windowAckSize, int maxNameLength) {
    public static final ConnectionOptions DEFAULT = new ConnectionOptions(ChunkLimits.DEFAULT, AmfLimits.DEFAULT,
            10_000, 30_000, 10_000, 8, 4 << 20, 2_500_000, 128);
}
