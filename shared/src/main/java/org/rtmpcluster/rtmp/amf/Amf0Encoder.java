package org.rtmpcluster.rtmp.amf;

import static org.rtmpcluster.rtmp.amf.Amf0Decoder.AVMPLUS;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.BOOLEAN;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.DATE;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.ECMA_ARRAY;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.LONG_STRING;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.NULL;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.NUMBER;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.OBJECT;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.OBJECT_END;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.STRICT_ARRAY;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.STRING;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.UNDEFINED;
import static org.rtmpcluster.rtmp.amf.Amf0Decoder.XML_DOCUMENT;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes Java values as AMF0. Never emits 0x07 references, so a value that contains itself is refused
 * (by depth) rather than written forever. Values AMF0 has no type for (byte[], maps with non-String keys)
 * go through a 0x11 switch to AMF3.
 */
final class Amf0Encoder {

    /** A plain string's length is a U16 (AMF0 §2.4); longer text needs the long string type. */
    static final int MAX_SHORT_STRING_BYTES = 0xFFFF;

    private final ByteBuf out;
    private int depth;

    Amf0Encoder(ByteBuf out) {
        this.out = out;
    }

    void value(Object value) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value == AmfUndefined.INSTANCE) {
            out.writeByte(UNDEFINED);
        } else if (value instanceof Number number) {
            out.writeByte(NUMBER);
            out.writeDouble(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeByte(BOOLEAN);
            out.writeByte(bool ? 1 : 0);
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof AmfEcmaArray array) {
            out.writeByte(ECMA_ARRAY);
            out.writeInt(array.size());
            properties(array);
        } else if (value instanceof Map<?, ?> map && hasOnlyStringKeys(map)) {
            out.writeByte(OBJECT);
            properties(map);
        } else if (value instanceof List<?> list) {
            strictArray(list);
        } else if (value instanceof Instant instant) {
            out.writeByte(DATE);
            out.writeDouble(AmfDates.toMillis(instant));
            out.writeShort(0); // AMF0 §2.13: time zone is reserved and sent as 0
        } else if (value instanceof AmfXml xml) {
            byte[] bytes = xml.xml().getBytes(StandardCharsets.UTF_8);
            out.writeByte(XML_DOCUMENT);
            out.writeInt(bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof byte[] || value instanceof Map) {
            out.writeByte(AVMPLUS);
            Amf3.encode(out, value);
        } else {
            throw new IllegalArgumentException("no AMF0 type for " + value.getClass().getName());
        }
    }

    private void string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_SHORT_STRING_BYTES) {
            out.writeByte(STRING);
            out.writeShort(bytes.length);
        } else {
            out.writeByte(LONG_STRING);
            out.writeInt(bytes.length);
        }
        out.writeBytes(bytes);
    }

    private void properties(Map<?, ?> map) {
        enter();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            byte[] key = ((String) entry.getKey()).getBytes(StandardCharsets.UTF_8);
            if (key.length > MAX_SHORT_STRING_BYTES) {
                throw new IllegalArgumentException("AMF0 property name of " + key.length + " bytes exceeds "
                        + MAX_SHORT_STRING_BYTES);
            }
            out.writeShort(key.length);
            out.writeBytes(key);
            value(entry.getValue());
        }
        out.writeShort(0);
        out.writeByte(OBJECT_END);
        depth--;
    }

    private void strictArray(List<?> list) {
        enter();
        out.writeByte(STRICT_ARRAY);
        out.writeInt(list.size());
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

    private static boolean hasOnlyStringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
