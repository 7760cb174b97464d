package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmfRoundTripTest {

    private static Object amf0(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf0.encode(buf, value);
        Object decoded = Amf0.decode(buf, AmfLimits.DEFAULT);
        assertFalse(buf.isReadable());
        return decoded;
    }

    private static Object amf3(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf3.encode(buf, value);
        Object decoded = Amf3.decode(buf, AmfLimits.DEFAULT);
        assertFalse(buf.isReadable());
        return decoded;
    }

    private static String amf3Hex(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf3.encode(buf, value);
        return Hex.of(buf);
    }

    private static Map<String, Object> nested() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("level", "status");
        inner.put("code", "NetStream.Publish.Start");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("info", inner);
        outer.put("list", Arrays.asList("a", null, true));
        outer.put("when", Instant.ofEpochMilli(1_700_000_000_123L));
        outer.put("undefined", AmfUndefined.INSTANCE);
        return outer;
    }

    @Test
    void ffmpegConnectIsReEncodedByteForByte() {
        List<Object> values = Amf0.decodeAll(Hex.buf(AmfFixtures.FFMPEG_CONNECT), AmfLimits.DEFAULT);
        ByteBuf out = Unpooled.buffer();

        Amf0.encodeAll(out, values.toArray());

        assertEquals(Hex.normalized(AmfFixtures.FFMPEG_CONNECT), Hex.of(out));
    }

    @Test
    void onMetaDataIsReEncodedByteForByteAsAnEcmaArray() {
        List<Object> values = Amf0.decodeAll(Hex.buf(AmfFixtures.FFMPEG_SET_DATA_FRAME), AmfLimits.DEFAULT);
        ByteBuf out = Unpooled.buffer();

        Amf0.encodeAll(out, values.toArray());

        assertEquals(Hex.normalized(AmfFixtures.FFMPEG_SET_DATA_FRAME), Hex.of(out));
    }

    @Test
    void amf0ScalarsRoundTrip() {
        assertEquals(1.5, amf0(1.5));
        assertEquals(Double.NaN, amf0(Double.NaN));
        assertEquals(true, amf0(true));
        assertEquals("h\u00e9llo \uD83D\uDE00", amf0("h\u00e9llo \uD83D\uDE00"));
        assertEquals("", amf0(""));
        assertEquals(null, amf0(null));
        assertEquals(AmfUndefined.INSTANCE, amf0(AmfUndefined.INSTANCE));
        assertEquals(Instant.ofEpochMilli(-86_400_000L), amf0(Instant.ofEpochMilli(-86_400_000L)));
        assertEquals(new AmfXml("<x>y</x>"), amf0(new AmfXml("<x>y</x>")));
    }

    @Test
    void amf0EncodesEveryNumberAsADouble() {
        assertEquals(5.0, amf0(5));
        assertEquals(9.0, amf0(9L));
    }

    @Test
    void amf0StringLongerThan65535BytesUsesTheLongStringType() {
        String text = "x".repeat(70_000);
        ByteBuf buf = Unpooled.buffer();

        Amf0.encode(buf, text);

        assertEquals(0x0C, buf.getUnsignedByte(0));
        assertEquals(text, Amf0.decode(buf, AmfLimits.DEFAULT));
    }

    @Test
    void amf0ContainersRoundTrip() {
        assertEquals(nested(), amf0(nested()));
        assertEquals(List.of(1.0, "two", List.of()), amf0(List.of(1, "two", List.of())));
        assertEquals(Map.of(), amf0(Map.of()));
    }

    @Test
    void amf0EcmaArrayStaysAnEcmaArray() {
        AmfEcmaArray array = new AmfEcmaArray();
        array.put("duration", 0.0);
        array.put("encoder", "Lavf59.27.100");

        Object decoded = amf0(array);

        assertInstanceOf(AmfEcmaArray.class, decoded);
        assertEquals(array, decoded);
    }

    @Test
    void amf0ValuesWithoutAnAmf0TypeTravelThroughTheAvmPlusSwitch() {
        assertArrayEquals(new byte[] {9, 8, 7}, (byte[]) amf0(new byte[] {9, 8, 7}));
        Map<Object, Object> dictionary = new LinkedHashMap<>();
        dictionary.put(1, "one");
        assertEquals(dictionary, amf0(dictionary));
    }

    @Test
    void amf3ScalarsRoundTrip() {
        assertEquals(AmfUndefined.INSTANCE, amf3(AmfUndefined.INSTANCE));
        assertEquals(null, amf3(null));
        assertEquals(false, amf3(false));
        assertEquals(true, amf3(true));
        assertEquals(2.25, amf3(2.25));
        assertEquals("h\u00e9llo \uD83D\uDE00", amf3("h\u00e9llo \uD83D\uDE00"));
        assertEquals("", amf3(""));
        assertEquals(new AmfXml("<x/>"), amf3(new AmfXml("<x/>")));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), amf3(Instant.ofEpochMilli(1_700_000_000_123L)));
        assertArrayEquals(new byte[] {0, -1, 127}, (byte[]) amf3(new byte[] {0, -1, 127}));
    }

    @Test
    void amf3IntegersRoundTripAtEveryEncodedWidth() {
        for (int value : new int[] {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 0x0FFF_FFFF,
                -1, -128, -0x1000_0000}) {
            assertEquals(value, amf3(value));
        }
    }

    @Test
    void amf3IntegersMatchTheSpecEncodingAtTheEdges() {
        assertEquals("04bfffffff", amf3Hex(0x0FFF_FFFF));
        assertEquals("04c0808000", amf3Hex(-0x1000_0000));
        assertEquals("048100", amf3Hex(128));
    }

    @Test
    void amf3NumbersOutsideTheIntegerRangeBecomeDoubles() {
        assertEquals(268_435_456.0, amf3(0x1000_0000));
        assertEquals(-268_435_457.0, amf3(-0x1000_0001));
        assertEquals(5.0, amf3(5L));
    }

    @Test
    void amf3ContainersRoundTrip() {
        assertEquals(nested(), amf3(nested()));
        assertEquals(List.of(1, "two", List.of()), amf3(List.of(1, "two", List.of())));
        assertEquals(new ArrayList<>(), amf3(new ArrayList<>()));
        assertEquals(Map.of(), amf3(Map.of()));
    }

    @Test
    void amf3EcmaArrayTravelsAsAnAssociativeArray() {
        AmfEcmaArray array = new AmfEcmaArray();
        array.put("a", 1);

        assertEquals("09010361040101", amf3Hex(array));
        assertEquals(array, amf3(array));
    }

    @Test
    void amf3MapWithNonStringKeysTravelsAsADictionary() {
        Map<Object, Object> dictionary = new LinkedHashMap<>();
        dictionary.put(1, "one");
        dictionary.put(2.5, List.of());
        dictionary.put("k", null);

        assertEquals(dictionary, amf3(dictionary));
    }

    @Test
    void encodersRefuseJavaTypesWithoutAnAmfType() {
        assertThrows(IllegalArgumentException.class, () -> Amf0.encode(Unpooled.buffer(), new Object()));
        assertThrows(IllegalArgumentException.class, () -> Amf3.encode(Unpooled.buffer(), new Object()));
    }

    @Test
    void amf3EncoderRefusesAnEmptyMemberNameRatherThanEndTheObjectEarly() {
        assertThrows(IllegalArgumentException.class, () -> Amf3.encode(Unpooled.buffer(), Map.of("", 1)));
    }

    @Test
    void encodersRefuseAValueThatContainsItselfInsteadOfOverflowingTheStack() {
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);

        assertThrows(IllegalArgumentException.class, () -> Amf0.encode(Unpooled.buffer(), cyclic));
        assertThrows(IllegalArgumentException.class, () -> Amf3.encode(Unpooled.buffer(), cyclic));
    }
}
