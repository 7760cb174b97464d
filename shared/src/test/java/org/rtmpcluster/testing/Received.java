package org.rtmpcluster.testing;

import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.HexFormat;

/** A media message as a player received it: type, timestamp and a copy of the payload bytes. */
public record Received(int typeId, long timestamp, byte[] payload) {

    public static Received of(MediaMessage m) {
        byte[] bytes = new byte[m.payload().readableBytes()];
        m.payload().getBytes(m.payload().readerIndex(), bytes);
        return new Received(m.typeId(), m.timestamp(), bytes);
    }

    public boolean isVideo() {
        return typeId == 9;
    }

    public boolean isAudio() {
        return typeId == 8;
    }

    public boolean isData() {
        return typeId == 18 || typeId == 15;
    }

    public boolean isVideoSequenceHeader() {
        return isVideo() && payload.length > 1 && (payload[0] & 0xFF) == 0x17 && payload[1] == 0;
    }

    public boolean isKeyframe() {
        return isVideo() && payload.length > 1 && (payload[0] & 0xFF) == 0x17 && payload[1] == 1;
    }

    public boolean isAudioSequenceHeader() {
        return isAudio() && payload.length > 1 && (payload[0] & 0xFF) == 0xAF && payload[1] == 0;
    }

    /** |RtmpSampleAccess and NetStream.Data.Start: sent by the server at play, not part of the stream. */
    public boolean isServerNotification() {
        String text = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        return isData() && (text.startsWith("\u0002\u0000\u0011|RtmpSampleAccess")
                || text.startsWith("\u0002\u0000\u0008onStatus"));
    }

    /** Type and payload, for comparing what was sent with what arrived (timestamps are checked apart). */
    public String content() {
        return typeId + ":" + HexFormat.of().formatHex(payload);
    }

    @Override
    public String toString() {
        return "type " + typeId + " ts " + timestamp + " " + payload.length + " bytes";
    }
}
