package org.rtmpcluster.rtmp.amf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values (AMF0 spec, Adobe 2007) for one call: it owns the reference table for 0x07 and the
 * one AMF3 context that every 0x11 switch in the call shares.
 */
final class Amf0Decoder {

    static final int NUMBER = 0x00;
    static final int BOOLEAN = 0x01;
    static final int STRING = 0x02;
    static final int OBJECT = 0x03;
    static final int MOVIECLIP = 0x04;
    static final int NULL = 0x05;
    static final int UNDEFINED = 0x06;
    static final int REFERENCE = 0x07;
    static final int ECMA_ARRAY = 0x08;
    static final int OBJECT_END = 0x09;
    static final int STRICT_ARRAY = 0x0A;
    static final int DATE = 0x0B;
    static final int LONG_STRING = 0x0C;
    static final int UNSUPPORTED = 0x0D;
    static final int RECORDSET = 0x0E;
    static final int XML_DOCUMENT = 0x0F;
    static final int TYPED_OBJECT = 0x10;
    static final int AVMPLUS = 0x11;

    private final AmfInput in;
    /** AMF0 §2.9: objects, typed objects, ECMA and strict arrays, in the order they began. */
    private final ReferenceTable references = new ReferenceTable("AMF0 reference");
    private Amf3Decoder amf3;

    Amf0Decoder(AmfInput in) {
        this.in = in;
    }

    Object value() {
        int marker = in.u8("AMF0 marker");
        in.shape(0, 1); // a scalar, unless the value below is a container or a reference
        switch (marker) {
            case NUMBER:
                return in.f64("AMF0 number");
            case BOOLEAN:
                return in.u8("AMF0 boolean") != 0;
            case STRING:
                return in.utf8(in.u16("AMF0 string length"), "AMF0 string");
            case OBJECT:
                return properties(new LinkedHashMap<>(), "AMF0 object");
            case NULL:
                return null;
            case UNDEFINED:
                return AmfUndefined.INSTANCE;
            case REFERENCE:
                return reference();
            case ECMA_ARRAY:
                // AMF0 §2.10: the count is a hint; Flash and ffmpeg both read to the end marker, and some
                // encoders write 0 here.
                in.u32("AMF0 ECMA array count");
                return properties(new AmfEcmaArray(), "AMF0 ECMA array");
            case STRICT_ARRAY:
                return strictArray();
            case DATE:
                return date();
            case LONG_STRING:
                return in.utf8(in.u32("AMF0 long string length"), "AMF0 long string");
            case XML_DOCUMENT:
                return new AmfXml(in.utf8(in.u32("AMF0 XML document length"), "AMF0 XML document"));
            case TYPED_OBJECT:
                // The class name is read past and dropped: resolving it is how Red5 got CVE-2017-5878.
                in.utf8(in.u16("AMF0 typed object class name length"), "AMF0 typed object class name");
                return properties(new LinkedHashMap<>(), "AMF0 typed object");
            case AVMPLUS:
                return avmplus();
            case OBJECT_END:
                throw new AmfException("AMF0 object-end marker 0x09 outside an object");
            case MOVIECLIP:
                throw new AmfException("AMF0 movieclip marker 0x04 is reserved and not supported");
            case UNSUPPORTED:
                throw new AmfException("AMF0 unsupported marker 0x0D");
            case RECORDSET:
                throw new AmfException("AMF0 recordset marker 0x0E is reserved and not supported");
            default:
                throw new AmfException(String.format("unknown AMF0 marker 0x%02X", marker));
        }
    }

    /** Object, typed object and ECMA array members: (UTF-8 key, value)* then an empty key and 0x09. */
    private <M extends Map<String, Object>> M properties(M target, String what) {
        in.enter(what);
        int slot = references.open(target);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        int count = 0;
        while (true) {
            String key = in.utf8(in.u16(what + " key length"), what + " key");
            if (key.isEmpty() && in.peekU8() == OBJECT_END) {
                in.skip(1, what + " end marker");
                break;
            }
            in.checkEntries(++count, what + " property");
            target.put(key, value());
            shape.add(in);
        }
        in.exit();
        references.close(slot, shape, in);
        return target;
    }

    private List<Object> strictArray() {
        long count = in.u32("AMF0 strict array count");
        in.checkCount(count, 1, "AMF0 strict array");
        in.enter("AMF0 strict array");
        List<Object> list = new ArrayList<>((int) count);
        int slot = references.open(list);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        for (long i = 0; i < count; i++) {
            list.add(value());
            shape.add(in);
        }
        in.exit();
        references.close(slot, shape, in);
        return list;
    }

    private Object reference() {
        return references.resolve(in.u16("AMF0 reference"), in);
    }

    private Object date() {
        double millis = in.f64("AMF0 date");
        in.skip(2, "AMF0 date time zone"); // AMF0 §2.13: reserved, should be 0, ignored by Flash Player
        return AmfDates.toInstant(millis, "AMF0 date");
    }

    private Object avmplus() {
        in.enter("AMF0 AVM+ switch");
        if (amf3 == null) {
            amf3 = new Amf3Decoder(in);
        }
        Object value = amf3.value();
        in.exit();
        return value;
    }
}
