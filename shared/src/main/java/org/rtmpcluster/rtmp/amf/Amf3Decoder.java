package org.rtmpcluster.rtmp.amf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF3 values (AMF3 spec, Adobe 2013) with the three reference tables of one context: strings,
 * objects (everything sent by U29O-ref: arrays, objects, dates, XML, ByteArray, vectors, dictionaries) and
 * traits. Every index read off the wire is checked against its table before use.
 */
final class Amf3Decoder {

    static final int UNDEFINED = 0x00;
    static final int NULL = 0x01;
    static final int FALSE = 0x02;
    static final int TRUE = 0x03;
    static final int INTEGER = 0x04;
    static final int DOUBLE = 0x05;
    static final int STRING = 0x06;
    static final int XML_DOCUMENT = 0x07;
    static final int DATE = 0x08;
    static final int ARRAY = 0x09;
    static final int OBJECT = 0x0A;
    static final int XML = 0x0B;
    static final int BYTE_ARRAY = 0x0C;
    static final int VECTOR_INT = 0x0D;
    static final int VECTOR_UINT = 0x0E;
    static final int VECTOR_DOUBLE = 0x0F;
    static final int VECTOR_OBJECT = 0x10;
    static final int DICTIONARY = 0x11;

    /** AMF3 §3.6: integers are 29-bit two's complement. */
    static final int INT29_MIN = -0x1000_0000;
    static final int INT29_MAX = 0x0FFF_FFFF;

    private final AmfInput in;
    private final List<String> strings = new ArrayList<>();
    private final ReferenceTable objects = new ReferenceTable("AMF3 object reference");
    private final List<Amf3Traits> traits = new ArrayList<>();

    Amf3Decoder(AmfInput in) {
        this.in = in;
    }

    Object value() {
        int marker = in.u8("AMF3 marker");
        in.shape(0, 1); // a scalar, unless the value below is a complex value or a reference
        return switch (marker) {
            case UNDEFINED -> AmfUndefined.INSTANCE;
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INTEGER -> Integer.valueOf(signed29(u29("AMF3 integer")));
            case DOUBLE -> Double.valueOf(in.f64("AMF3 double"));
            case STRING -> string("AMF3 string");
            case XML_DOCUMENT -> xml("AMF3 XMLDocument");
            case XML -> xml("AMF3 XML");
            case DATE -> date();
            case ARRAY -> array();
            case OBJECT -> object();
            case BYTE_ARRAY -> byteArray();
            case VECTOR_INT -> numberVector("AMF3 int vector", 4, marker);
            case VECTOR_UINT -> numberVector("AMF3 uint vector", 4, marker);
            case VECTOR_DOUBLE -> numberVector("AMF3 double vector", 8, marker);
            case VECTOR_OBJECT -> objectVector();
            case DICTIONARY -> dictionary();
            default -> throw new AmfException(String.format("unknown AMF3 marker 0x%02X", marker));
        };
    }

    /** AMF3 §1.3.1: 7 bits in each of up to three bytes while the high bit is set, then 8 bits in a fourth. */
    private int u29(String what) {
        int value = 0;
        for (int i = 0; i < 3; i++) {
            int b = in.u8(what);
            if ((b & 0x80) == 0) {
                return (value << 7) | b;
            }
            value = (value << 7) | (b & 0x7F);
        }
        return (value << 8) | in.u8(what);
    }

    private static int signed29(int u29) {
        return (u29 << 3) >> 3;
    }

    private String string(String what) {
        int header = u29(what);
        if ((header & 1) == 0) {
            int index = header >>> 1;
            if (index >= strings.size()) {
                throw new AmfException("AMF3 string reference " + index + " out of range, table size "
                        + strings.size());
            }
            return strings.get(index);
        }
        int length = header >>> 1;
        String text = in.utf8(length, what);
        if (length != 0) { // AMF3 §1.3.2: the empty string is never entered in the table
            strings.add(text);
        }
        return text;
    }

    private Object objectReference(int header) {
        return objects.resolve(header >>> 1, in);
    }

    private Object xml(String what) {
        int header = u29(what + " length");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        AmfXml xml = new AmfXml(in.utf8(header >>> 1, what));
        objects.leaf(xml, 1, in);
        return xml;
    }

    private Object date() {
        int header = u29("AMF3 date");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        Object date = AmfDates.toInstant(in.f64("AMF3 date"), "AMF3 date"); // the rest of the U29 is unused
        objects.leaf(date, 1, in);
        return date;
    }

    private Object byteArray() {
        int header = u29("AMF3 ByteArray length");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        byte[] bytes = in.bytes(header >>> 1, "AMF3 ByteArray");
        objects.leaf(bytes, 1, in);
        return bytes;
    }

    /**
     * AMF3 §3.11: the associative part (name/value pairs up to an empty name) comes before the dense part. The
     * table slot holds a map while the associative part is read; with no associative part the slot becomes a list
     * before any dense value is read. References to the array from inside it are refused either way (a cycle).
     */
    private Object array() {
        int header = u29("AMF3 array");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        int denseCount = header >>> 1;
        in.checkEntries(denseCount, "AMF3 array element");
        in.enter("AMF3 array");
        Map<String, Object> associative = new LinkedHashMap<>();
        int slot = objects.open(associative);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        long count = denseCount;
        for (String key = string("AMF3 array key"); !key.isEmpty(); key = string("AMF3 array key")) {
            in.checkEntries(++count, "AMF3 array element");
            associative.put(key, value());
            shape.add(in);
        }
        in.checkCount(denseCount, 1, "AMF3 dense array");
        Object result;
        if (associative.isEmpty()) {
            List<Object> list = new ArrayList<>(denseCount);
            objects.replace(slot, list);
            for (int i = 0; i < denseCount; i++) {
                list.add(value());
                shape.add(in);
            }
            result = list;
        } else {
            for (int i = 0; i < denseCount; i++) {
                associative.put(Integer.toString(i), value());
                shape.add(in);
            }
            result = associative;
        }
        in.exit();
        objects.close(slot, shape, in);
        return result;
    }

    private Object object() {
        int header = u29("AMF3 object");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        Amf3Traits objectTraits = traits(header >>> 1);
        in.enter("AMF3 object");
        Map<String, Object> members = new LinkedHashMap<>();
        int slot = objects.open(members);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        for (String name : objectTraits.sealedNames()) {
            members.put(name, value());
            shape.add(in);
        }
        if (objectTraits.dynamic()) {
            long count = objectTraits.sealedNames().size();
            for (String key = string("AMF3 dynamic member name"); !key.isEmpty();
                    key = string("AMF3 dynamic member name")) {
                in.checkEntries(++count, "AMF3 object member");
                members.put(key, value());
                shape.add(in);
            }
        }
        in.exit();
        objects.close(slot, shape, in);
        return members;
    }

    /** U29O-traits after the object-inline bit: bit 0 inline, bit 1 externalizable, bit 2 dynamic, then count. */
    private Amf3Traits traits(int bits) {
        if ((bits & 1) == 0) {
            int index = bits >>> 1;
            if (index >= traits.size()) {
                throw new AmfException("AMF3 traits reference " + index + " out of range, table size " + traits.size());
            }
            return traits.get(index);
        }
        boolean externalizable = (bits & 2) != 0;
        boolean dynamic = (bits & 4) != 0;
        int sealedCount = bits >>> 3;
        String className = string("AMF3 class name");
        if (externalizable) {
            // Its body is in a format only that class knows; skipping it is impossible and guessing is unsafe.
            throw new AmfException("externalizable AMF3 class " + AmfInput.quote(className) + " is not supported");
        }
        // Each sealed member costs at least a name byte here and a value byte after.
        in.checkCount(sealedCount, 2, "AMF3 sealed member");
        List<String> names = new ArrayList<>(sealedCount);
        for (int i = 0; i < sealedCount; i++) {
            names.add(string("AMF3 sealed member name"));
        }
        Amf3Traits inline = new Amf3Traits(dynamic, List.copyOf(names));
        traits.add(inline);
        return inline;
    }

    private Object numberVector(String what, int elementBytes, int marker) {
        int header = u29(what);
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        int count = header >>> 1;
        in.skip(1, what + " fixed flag");
        in.checkCount(count, elementBytes, what);
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(switch (marker) {
                case VECTOR_INT -> Integer.valueOf(in.s32(what));
                case VECTOR_UINT -> Long.valueOf(in.u32(what));
                default -> Double.valueOf(in.f64(what));
            });
        }
        objects.leaf(list, 1L + count, in);
        return list;
    }

    private Object objectVector() {
        int header = u29("AMF3 object vector");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        int count = header >>> 1;
        in.skip(1, "AMF3 object vector fixed flag");
        string("AMF3 object vector type name"); // dropped, like every class name
        in.checkCount(count, 1, "AMF3 object vector");
        in.enter("AMF3 object vector");
        List<Object> list = new ArrayList<>(count);
        int slot = objects.open(list);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        for (int i = 0; i < count; i++) {
            list.add(value());
            shape.add(in);
        }
        in.exit();
        objects.close(slot, shape, in);
        return list;
    }

    private Object dictionary() {
        int header = u29("AMF3 dictionary");
        if ((header & 1) == 0) {
            return objectReference(header);
        }
        int count = header >>> 1;
        in.skip(1, "AMF3 dictionary weak-keys flag");
        in.checkCount(count, 2, "AMF3 dictionary");
        in.enter("AMF3 dictionary");
        Map<Object, Object> dictionary = new LinkedHashMap<>();
        int slot = objects.open(dictionary);
        ReferenceTable.Shape shape = new ReferenceTable.Shape();
        for (int i = 0; i < count; i++) {
            Object key = value();
            if (key instanceof Map || key instanceof List) {
                // A container key would be hashed (walked) on every lookup; keys are scalars in every real use.
                throw new AmfException("AMF3 dictionary key of type " + key.getClass().getSimpleName()
                        + " is not supported");
            }
            shape.add(in);
            dictionary.put(key, value());
            shape.add(in);
        }
        in.exit();
        objects.close(slot, shape, in);
        return dictionary;
    }
}
