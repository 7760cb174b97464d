package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Fuzz target: one AMF3 value, as it follows an AVM+ switch (0x11) in a peer's AMF0 or an upstream's; librtmp's AMF3
 * decoder was exploitable by a malicious server (CVE-2015-8270..8272). Whatever the bytes, they decode or are refused
 * with an {@link AmfException}, nothing else; what decodes keeps within the limits and prints, hashes and compares in
 * bounded work; and it encodes again into bytes that decode, to their end, to the same data. Seeds are in {@code
 * Amf3FuzzTestInputs/}.
 */
class Amf3FuzzTest {

    @FuzzTest
    void amf3ValueDecodesWithinTheLimitsAndRoundTripsOrIsRefused(byte[] bytes) {
        Object value;
        try {
            value = decoded(Unpooled.wrappedBuffer(bytes));
        } catch (AmfException refused) {
            return;
        }
        Object decodedAgain = decoded(Unpooled.wrappedBuffer(bytes));
        DecodedAmf.assertBounded(Arrays.asList(value), Arrays.asList(decodedAgain), bytes.length);

        ByteBuf again = Unpooled.buffer();
        try {
            Amf3.encode(again, value);
        } catch (IllegalArgumentException refused) {
            again.release();
            DecodedAmf.assertOnlyAnEmptyMemberName(refused);
            return;
        }
        try {
            Object reencoded = Amf3.decode(again, DecodedAmf.REENCODED);
            assertEquals(DecodedAmf.canonical(value), DecodedAmf.canonical(reencoded), "decoded again");
            assertFalse(again.isReadable(), () -> again.readableBytes() + " bytes of the re-encoding left unread");
        } finally {
            again.release();
        }
    }

    /** Decodes one value from {@code in} under the fuzzing limits and releases it. */
    private static Object decoded(ByteBuf in) {
        try {
            return Amf3.decode(in, DecodedAmf.LIMITS);
        } finally {
            in.release();
        }
    }
}
