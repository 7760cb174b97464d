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

    /** |RtmpSampleAccess: the server's notice to the player at play, not part of the stream. */
    public boolean isSampleAccess() {
        return isData() && dataName().equals("|RtmpSampleAccess");
    }

    /** For an AMF0 data message, its leading string ("onMetaData", "onCuePoint"); else "". */
    public String dataName() {
        if (typeId != 18 || payload.length < 3 || payload[0] != 0x02) {
            return "";
        }
        int length = ((payload[1] & 0xFF) << 8) | (payload[2] & 0xFF);
        return new String(payload, 3, Math.min(length, payload.length - 3), java.nio.charset.StandardCharsets.UTF_8);
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
