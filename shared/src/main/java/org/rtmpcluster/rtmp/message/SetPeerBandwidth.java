package org.rtmpcluster.rtmp.message;

/** Set Peer Bandwidth (type 6). Limit type 0 hard, 1 soft, 2 dynamic. */
public record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {
    public static final int DYNAMIC = 2;
}
