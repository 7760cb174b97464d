package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Amf3DecodeTest {

    private static Object decode(String hex) {
        ByteBuf in = Hex.buf(hex);
        Object value = Amf3.decode(in, AmfLimits.DEFAULT);
        assertFalse(in.isReadable(), "the whole fixture is one value");
        return value;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "04 00, 0",
            "04 7f, 127",
            "04 81 00, 128",
            "04 ff 7f, 16383",
            "04 81 80 00, 16384",
            "04 ff ff 7f, 2097151",
            "04 80 c0 80 00, 2097152",
            "04 bf ff ff ff, 268435455", // 0x0FFFFFFF, the largest AMF3 integer
            "04 c0 80 80 00, -268435456", // -0x10000000, the smallest
            "04 ff ff ff ff, -1",
            "04 ff ff ff 7e, -130",
    })
    void integersDecodeAsSigned29Bit(String hex, int expected) {
        assertEquals(expected, decode(hex));
    }

    @Test
    void u29StopsAfterFourBytesEvenWhenTheHighBitIsSet() {
        ByteBuf in = Hex.buf("04 ff ff ff ff 01");

        assertEquals(-1, Amf3.decode(in, AmfLimits.DEFAULT));
        assertEquals(1, in.readableBytes());
    }

    @Test
    void doubleDecodesToDouble() {
        assertEquals(Math.PI, decode("05 40 09 21 fb 54 44 2d 18"));
    }

    @Test
    void scalarsDecodeToTheirJavaValues() {
        assertSame(AmfUndefined.INSTANCE, decode("00"));
        assertEquals(null, decode("01"));
        assertEquals(false, decode("02"));
        assertEquals(true, decode("03"));
        assertEquals("", decode("06 01"));
        assertEquals("h\u00e9", decode("06 07 68 c3 a9"));
    }

    @Test
    void stringReferencesResolveAndTheEmptyStringIsNeverRegistered() {
        // ["hello", ref 0, "", ref 0]: "" takes no table slot, so the last reference is still "hello"
        assertEquals(List.of("hello", "hello", "", "hello"), decode("09 09 01  06 0b 68 65 6c 6c 6f  06 00  06 01  06 00"));
    }

    @Test
    void objectsWithSealedTraitsDynamicMembersAndReferencesDecode() {
        List<?> points = (List<?>) decode(AmfFixtures.AMF3_POINTS);

        Map<String, Object> first = new LinkedHashMap<>();
        first.put("x", 1);
        first.put("y", 2);
        first.put("label", "a");
        assertEquals(first, points.get(0));
        assertEquals(List.of("x", "y", "label"), List.copyOf(((Map<?, ?>) points.get(0)).keySet()));
        assertEquals(Map.of("x", 3, "y", 4, "label", "a"), points.get(1));
        assertSame(points.get(0), points.get(2));
    }

    @Test
    void arrayWithAssociativePartDecodesToAMapWithDenseElementsUnderIndexKeys() {
        // 2 dense elements, associative name = "x"
        Object value = decode("09 05  09 6e 61 6d 65 06 03 78  01  04 0a 04 14");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "x");
        expected.put("0", 10);
        expected.put("1", 20);
        assertEquals(LinkedHashMap.class, value.getClass());
        assertEquals(expected, value);
    }

    @Test
    void byteArrayDecodesToBytes() {
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) decode("0c 07 01 02 03"));
    }

    @Test
    void dateDecodesToAnInstant() {
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), decode("08 01 42 78 bc fe 56 87 b0 00"));
    }

    @Test
    void xmlAndXmlDocumentBothDecodeToAmfXml() {
        assertEquals(new AmfXml("<a/>"), decode("0b 09 3c 61 2f 3e"));
        assertEquals(new AmfXml("<a/>"), decode("07 09 3c 61 2f 3e"));
    }

    @Test
    void vectorsDecodeToLists() {
        assertEquals(List.of(-1, 1), decode("0d 05 00  ff ff ff ff  00 00 00 01"));
        assertEquals(List.of(4_294_967_295L), decode("0e 03 01  ff ff ff ff"));
        assertEquals(List.of(1.0), decode("0f 03 00  3f f0 00 00 00 00 00 00"));
        assertEquals(Arrays.asList("a", null), decode("10 05 00 03 2a  06 03 61  01"));
    }

    @Test
    void dictionaryDecodesToAMapWithNonStringKeys() {
        Map<?, ?> dictionary = assertInstanceOf(Map.class, decode("11 05 00  04 05 06 03 76  06 03 6b 03"));

        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(5, "v");
        expected.put("k", true);
        assertEquals(expected, dictionary);
    }



}
