package org.rtmpcluster.rtmp.message;

/** Abort (type 2): drop the partial message on a chunk stream. The chunk decoder has already applied it. */
public record Abort(int chunkStreamId) implements RtmpMessage {
}
