package org.rtmpcluster.rtmp.message;

/**
 * A decoded RTMP message. Protocol control and commands are decoded into values; audio, video and data
 * stay as their raw payload ({@link MediaMessage}) because a server passes them through untouched.
 */
public sealed interface RtmpMessage
        permits SetChunkSize, Abort, Acknowledgement, WindowAckSize, SetPeerBandwidth, UserControl, Command,
        MediaMessage, Aggregate, Ignored {
}
