package org.rtmpcluster.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * AMF3, reached in RTMP through the AMF0 0x11 switch. Integers decode to {@code Integer}, doubles to
 * {@code Double}, objects (anonymous or typed, class name dropped and never resolved) to
 * {@code LinkedHashMap<String,Object>}, arrays to {@code ArrayList} or, with an associative part, to a
 * {@code LinkedHashMap} with dense elements under "0", "1", ...; vectors to lists, ByteArray to
 * {@code byte[]}, Dictionary to {@code LinkedHashMap<Object,Object>}. Externalizable objects are refused.
 * A reference to a container still being decoded returns that same instance, so decoded graphs may be
 * cyclic: don't call {@code hashCode}, {@code equals} or {@code toString} on them blindly.
 */
public final class Amf3 {

    private Amf3() {
    }

    /** Decodes one value with fresh reference tables. */
    public static Object decode(ByteBuf in, AmfLimits limits) {
        Objects.requireNonNull(in, "in");
        return new Amf3Decoder(new AmfInput(in, Objects.requireNonNull(limits, "limits"))).value();
    }

    /**
     * Writes one value without references. Integers in the 29-bit range become AMF3 integers, other numbers
     * doubles; maps with String keys become anonymous dynamic objects ({@link AmfEcmaArray} an associative
     * array), other maps dictionaries. An unsupported Java type is an IllegalArgumentException.
     */
    public static void encode(ByteBuf out, Object value) {
        new Amf3Encoder(Objects.requireNonNull(out, "out")).value(value);
    }
}
