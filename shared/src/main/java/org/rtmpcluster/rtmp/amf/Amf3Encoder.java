package org.rtmpcluster.rtmp.amf;

import static org.rtmpcluster.rtmp.amf.Amf3Decoder.ARRAY;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.BYTE_ARRAY;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.DATE;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.DICTIONARY;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.DOUBLE;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.FALSE;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.INT29_MAX;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.INT29_MIN;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.INTEGER;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.NULL;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.OBJECT;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.STRING;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.TRUE;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.UNDEFINED;
import static org.rtmpcluster.rtmp.amf.Amf3Decoder.XML;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes Java values as AMF3, every string, object and trait inline. Emitting no references keeps the
 * output independent of whatever reference tables the reader shares across values (e.g. several 0x11
 * switches in one AMF0 command), at the cost of a few bytes.
 */
final class Amf3Encoder {

    /** A length or count travels in a U29 shifted left by one flag bit, so 28 bits remain. */
    static final int MAX_U29_LENGTH = 0x0FFF_FFFF;

    /** U29O-traits for an inline anonymous dynamic object with no sealed members: 0b1011. */
    private static final int DYNAMIC_ANONYMOUS_TRAITS = 0x0B;
    /** A U29 with only the inline bit set: the empty string, or length 0. */
    private static final int EMPTY_INLINE = 0x01;

    private final ByteBuf out;
    private int depth;

    Amf3Encoder(ByteBuf out) {
        this.out = out;
    }

    void value(Object value) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value == AmfUndefined.INSTANCE) {
            out.writeByte(UNDEFINED);
        } else if (value instanceof Boolean bool) {
            out.writeByte(bool ? TRUE : FALSE);
        } else if (value instanceof Integer integer && integer >= INT29_MIN && integer <= INT29_MAX) {
            out.writeByte(INTEGER);
            u29(integer & 0x1FFF_FFFF);
        } else if (value instanceof Number number) {
            out.writeByte(DOUBLE);
            out.writeDouble(number.doubleValue());
        } else if (value instanceof String text) {
            out.writeByte(STRING);
            string(text);
        } else if (value instanceof AmfXml xml) {
            out.writeByte(XML);
            string(xml.xml());
        } else if (value instanceof Instant instant) {
            out.writeByte(DATE);
            out.writeByte(EMPTY_INLINE);
            out.writeDouble(AmfDates.toMillis(instant));
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTE_ARRAY);
            length(bytes.length, "ByteArray");
            out.writeBytes(bytes);
        } else if (value instanceof AmfEcmaArray array) {
            associativeArray(array);
        } else if (value instanceof Map<?, ?> map) {
            map(map);
        } else if (value instanceof List<?> list) {
            denseArray(list);
        } else {
            throw new IllegalArgumentException("no AMF3 type for " + value.getClass().getName());
        }
    }

    private void string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        length(bytes.length, "string");
        out.writeBytes(bytes);
    }

    /** A U29 length or count with the inline flag set. */
    private void length(int length, String what) {
        if (length > MAX_U29_LENGTH) {
            throw new IllegalArgumentException("AMF3 " + what + " length " + length + " exceeds " + MAX_U29_LENGTH);
        }
        u29((length << 1) | 1);
    }

    private void associativeArray(AmfEcmaArray array) {
        enter();
        out.writeByte(ARRAY);
        out.writeByte(EMPTY_INLINE); // no dense part
        members(array);
        depth--;
    }

    private void map(Map<?, ?> map) {
        enter();
        if (map.keySet().stream().allMatch(String.class::isInstance)) {
            out.writeByte(OBJECT);
            out.writeByte(DYNAMIC_ANONYMOUS_TRAITS);
            out.writeByte(EMPTY_INLINE); // class name: anonymous
            members(map);
        } else {
            out.writeByte(DICTIONARY);
            length(map.size(), "dictionary");
            out.writeByte(0); // weak keys: no
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(entry.getKey());
                value(entry.getValue());
            }
        }
        depth--;
    }

    /** Name/value pairs closed by the empty string, so an empty name cannot be one of them. */
    private void members(Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = (String) entry.getKey();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("AMF3 cannot carry an empty member name: it ends the member list");
            }
            string(name);
            value(entry.getValue());
        }
        out.writeByte(EMPTY_INLINE);
    }

    private void denseArray(List<?> list) {
        enter();
        out.writeByte(ARRAY);
        length(list.size(), "array");
        out.writeByte(EMPTY_INLINE); // no associative part
        for (Object element : list) {
            value(element);
        }
        depth--;
    }

    private void enter() {
        if (++depth > AmfLimits.MAX_DEPTH_CEILING) {
            throw new IllegalArgumentException("value nests deeper than " + AmfLimits.MAX_DEPTH_CEILING
                    + " containers; does it contain itself?");
        }
    }

    /** AMF3 §1.3.1; the value is at most 29 bits, which every caller guarantees. */
    private void u29(int value) {
        if (value < 0x80) {
            out.writeByte(value);
        } else if (value < 0x4000) {
            out.writeByte((value >> 7) | 0x80);
            out.writeByte(value & 0x7F);
        } else if (value < 0x20_0000) {
            out.writeByte((value >> 14) | 0x80);
            out.writeByte(((value >> 7) & 0x7F) | 0x80);
            out.writeByte(value & 0x7F);
        } else {
            out.writeByte((value >> 22) | 0x80);
            out.writeByte(((value >> 15) & 0x7F) | 0x80);
            out.writeByte(((value >> 8) & 0x7F) | 0x80);
            out.writeByte(value & 0xFF);
        }
    }
}
