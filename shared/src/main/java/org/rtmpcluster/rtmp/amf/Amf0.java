package org.rtmpcluster.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * AMF0, the encoding of RTMP command and data messages (types 20 and 18, and the body of type 17 after
 * its leading byte). Decoding is bounded by {@link AmfLimits} and never trusts a length, count, reference
 * or class name from the wire. Numbers decode to {@code Double}, objects and typed objects (class name
 * dropped, never resolved) to {@code LinkedHashMap<String,Object>}, ECMA arrays to {@link AmfEcmaArray},
 * strict arrays to {@code ArrayList}, dates to {@code Instant}, XML to {@link AmfXml}, undefined to
 * {@link AmfUndefined#INSTANCE}; a 0x11 switch yields an AMF3 value as {@link Amf3} maps it.
 */
public final class Amf0 {

    private Amf0() {
    }

    /**
     * Decodes values until {@code in} has no readable bytes. One reference table for the whole call (AMF0
     * 0x07 references), and one AMF3 context shared by all 0x11 AVM+ switches in the call.
     */
    public static List<Object> decodeAll(ByteBuf in, AmfLimits limits) {
        Objects.requireNonNull(in, "in");
        Amf0Decoder decoder = new Amf0Decoder(new AmfInput(in, Objects.requireNonNull(limits, "limits")));
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(decoder.value());
        }
        return values;
    }

    /** Decodes exactly one value. */
    public static Object decode(ByteBuf in, AmfLimits limits) {
        Objects.requireNonNull(in, "in");
        return new Amf0Decoder(new AmfInput(in, Objects.requireNonNull(limits, "limits"))).value();
    }

    /** Writes one value; an unsupported Java type is an IllegalArgumentException. */
    public static void encode(ByteBuf out, Object value) {
        new Amf0Encoder(Objects.requireNonNull(out, "out")).value(value);
    }

    /** Writes the values one after another, e.g. command name, transaction id, command object, arguments. */
    public static void encodeAll(ByteBuf out, Object... values) {
        Amf0Encoder encoder = new Amf0Encoder(Objects.requireNonNull(out, "out"));
        for (Object value : values) {
            encoder.value(value);
        }
    }
}
