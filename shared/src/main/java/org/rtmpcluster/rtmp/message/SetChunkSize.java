package org.rtmpcluster.rtmp.message;

/** Set Chunk Size (type 1): the sender's chunks are now {@code size} bytes. */
public record SetChunkSize(int size) implements RtmpMessage {
}
