package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tags of an FLV file in file order (FLV spec v10.1, annex E): a 9-byte header, then PreviousTagSize0, then
 * tags, each {@code type(1) dataSize(3) timestamp(3) timestampExtended(1) streamId(3) data} followed by its
 * PreviousTagSize. rtmpdump writes the tags in the order the server sent them, so this shows what a player got.
 */
public final class FlvTags {
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;

    private static final int HEADER_BYTES = 9;
    private static final int TAG_HEADER_BYTES = 11;
    private static final int PREVIOUS_TAG_SIZE_BYTES = 4;

    private FlvTags() {
    }

    /** One tag: its type, timestamp in ms and data. */
    public record Tag(int type, long timestamp, byte[] data) {
        public boolean isVideo() {
            return type == VIDEO;
        }

        public boolean isAudio() {
            return type == AUDIO;
        }

        /** Data byte {@code n} as an unsigned value, 0 past the end. */
        public int byteAt(int n) {
            return n < data.length ? data[n] & 0xff : 0;
        }

        /** video: 0x17 0x00 = AVC keyframe, sequence header; 0x17 0x01 = AVC keyframe, NALUs (E.4.3.1). */
        public boolean isAvcSequenceHeader() {
            return isVideo() && byteAt(0) == 0x17 && byteAt(1) == 0x00;
        }

        public boolean isAvcKeyframe() {
            return isVideo() && byteAt(0) == 0x17 && byteAt(1) == 0x01;
        }

        /** audio: 0xAF = AAC 44 kHz 16-bit stereo flags (always so for AAC), then AACPacketType 0 (E.4.2.1). */
        public boolean isAacSequenceHeader() {
            return isAudio() && byteAt(0) == 0xAF && byteAt(1) == 0x00;
        }

        /** For a script tag, its name (the first AMF0 value, a string such as "onMetaData"); else "". */
        public String scriptName() {
            if (type != SCRIPT || data.length < 3 || data[0] != 0x02) {
                return "";
            }
            int length = (byteAt(1) << 8) | byteAt(2);
            return new String(data, 3, Math.min(length, data.length - 3), StandardCharsets.UTF_8);
        }

        /** For failure messages: "video 17 00 @1023ms". */
        @Override
        public String toString() {
            String kind = switch (type) {
                case AUDIO -> "audio";
                case VIDEO -> "video";
                case SCRIPT -> "script " + scriptName();
                default -> "type " + type;
            };
            int shown = Math.min(2, data.length);
            return kind + " " + HexFormat.ofDelimiter(" ").formatHex(data, 0, shown) + " @" + timestamp + "ms";
        }
    }

    public static List<Tag> read(Path flv) throws IOException {
        return parse(Files.readAllBytes(flv));
    }

    public static List<Tag> parse(byte[] flv) {
        if (flv.length < HEADER_BYTES + PREVIOUS_TAG_SIZE_BYTES || flv[0] != 'F' || flv[1] != 'L' || flv[2] != 'V') {
            throw new IllegalArgumentException("not an FLV file (" + flv.length + " bytes)");
        }
        int offset = (int) uint(flv, 5, 4) + PREVIOUS_TAG_SIZE_BYTES;
        List<Tag> tags = new ArrayList<>();
        while (offset < flv.length) {
            if (offset + TAG_HEADER_BYTES > flv.length) {
                throw new IllegalArgumentException("truncated tag header at offset " + offset + " of " + flv.length);
            }
            int type = flv[offset] & 0x1f;
            int size = (int) uint(flv, offset + 1, 3);
            long timestamp = uint(flv, offset + 4, 3) | ((long) (flv[offset + 7] & 0xff) << 24);
            int dataStart = offset + TAG_HEADER_BYTES;
            if (dataStart + size > flv.length) {
                throw new IllegalArgumentException("tag at offset " + offset + " claims " + size
                        + " data bytes, file ends " + (flv.length - dataStart) + " bytes later");
            }
            byte[] data = new byte[size];
            System.arraycopy(flv, dataStart, data, 0, size);
            tags.add(new Tag(type, timestamp, data));
            offset = dataStart + size + PREVIOUS_TAG_SIZE_BYTES;
        }
        return tags;
    }

    private static long uint(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
