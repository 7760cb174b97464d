package org.rtmpcluster.rtmp.message;

/** Window Acknowledgement Size (type 5): acknowledge every {@code size} bytes received. */
public record WindowAckSize(long size) implements RtmpMessage {
}
