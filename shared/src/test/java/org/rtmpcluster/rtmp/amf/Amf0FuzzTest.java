package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Fuzz target: AMF0 from a peer, the body of a command (type 20) or data (type 18) message, AVM+ switches into AMF3
 * included. Whatever the bytes, they decode or are refused with an {@link AmfException}, nothing else; what decodes
 * keeps within the limits and prints, hashes and compares in bounded work; and it encodes again into bytes that
 * decode to the same data. Seeds are in {@code Amf0FuzzTestInputs/}.
 */
class Amf0FuzzTest {

    @FuzzTest
    void amf0BytesDecodeWithinTheLimitsAndRoundTripOrAreRefused(byte[] bytes) {
        List<Object> values;
        try {
            values = decoded(Unpooled.wrappedBuffer(bytes), DecodedAmf.LIMITS);
        } catch (AmfException refused) {
            return;
        }
        DecodedAmf.assertBounded(values, decoded(Unpooled.wrappedBuffer(bytes), DecodedAmf.LIMITS), bytes.length);

        ByteBuf again = Unpooled.buffer();
        try {
            Amf0.encodeAll(again, values.toArray());
        } catch (IllegalArgumentException refused) {
            again.release();
            DecodedAmf.assertOnlyAnEmptyMemberName(refused);
            return;
        }
        assertEquals(DecodedAmf.canonical(values), DecodedAmf.canonical(decoded(again, DecodedAmf.REENCODED)),
                "decoded again");
    }

    /** Decodes all of {@code in} and releases it. */
    private static List<Object> decoded(ByteBuf in, AmfLimits limits) {
        try {
            return Amf0.decodeAll(in, limits);
        } finally {
            in.release();
        }
    }
}
