package org.rtmpcluster.cluster;

import java.io.Serializable;

/**
 * The registry's entry for one stream key: which origin holds it, where players and edges reach it, since when,
 * and the epoch of this publish. Epochs only grow for a key, so anyone following a stream can tell a newer publish
 * from a stale event. A record with {@code live == false} is a tombstone: the stream ended, its epoch is kept so
 * the next publish gets a higher one.
 *
 * @param key         stream key, "app/name"
 * @param nodeId      cluster node id of the origin
 * @param rtmpAddress host:port where the origin serves RTMP
 * @param startedAt   publish start, epoch millis
 * @param epoch       grows with each publish of the key
 * @param live        false once the publisher left
 */
public record StreamRecord(String key, String nodeId, String rtmpAddress, long startedAt, long epoch, boolean live)
        implements Serializable {

    StreamRecord ended() {
        return new StreamRecord(key, nodeId, rtmpAddress, startedAt, epoch, false);
    }

    public String host() {
        return rtmpAddress.substring(0, rtmpAddress.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(rtmpAddress.substring(rtmpAddress.lastIndexOf(':') + 1));
    }
}
