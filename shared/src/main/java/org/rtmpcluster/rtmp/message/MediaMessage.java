package org.rtmpcluster.rtmp.message;

import io.netty.buffer.ByteBuf;

/**
 * Audio (8), video (9) or data (18, 15) message, payload kept as received so it passes through byte-exact.
 * The payload belongs to whoever holds the message.
 */
public record MediaMessage(int typeId, long timestamp, int messageStreamId, ByteBuf payload) implements RtmpMessage {

    public boolean isAudio() {
        return typeId == MessageType.AUDIO;
    }

    public boolean isVideo() {
        return typeId == MessageType.VIDEO;
    }

    public boolean isData() {
        return typeId == MessageType.DATA_AMF0 || typeId == MessageType.DATA_AMF3;
    }

    public MediaMessage withTimestamp(long newTimestamp) {
        return new MediaMessage(typeId, newTimestamp & 0xFFFFFFFFL, messageStreamId, payload);
    }

    public MediaMessage withPayload(ByteBuf newPayload) {
        return new MediaMessage(typeId, timestamp, messageStreamId, newPayload);
    }
}
