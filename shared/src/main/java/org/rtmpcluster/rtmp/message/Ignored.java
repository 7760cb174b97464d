package org.rtmpcluster.rtmp.message;

/** A message we accept and drop (shared objects, unknown type ids), kept so the caller can log it. */
public record Ignored(int typeId, int length) implements RtmpMessage {
}
