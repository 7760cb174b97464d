package org.rtmpcluster.rtmp.message;

import java.util.List;

/** Aggregate message (type 22), already split into its sub-messages with their own timestamps. */
public record Aggregate(List<MediaMessage> messages) implements RtmpMessage {
}
