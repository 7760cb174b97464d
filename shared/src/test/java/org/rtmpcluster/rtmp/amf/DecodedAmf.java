package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the AMF fuzz targets check of a decoded value: that it keeps within the limits it was decoded under, that
 * printing, hashing and comparing it is bounded work, and its canonical form, in which two values are equal when they
 * carry the same data whatever Java types the two encodings decode to (an AMF3 integer is an AMF0 number, a
 * ByteArray compares by content).
 */
final class DecodedAmf {

    /** Small limits, so that the fuzzer reaches every one of them. */
    static final AmfLimits LIMITS = new AmfLimits(8, 1024, 64);
    /**
     * Limits for decoding what a value decoded under {@link #LIMITS} encodes to. A malformed UTF-8 byte decodes to
     * U+FFFD, three bytes when encoded again; a number vector, no container to the decoder, is written back as an
     * array, one level deeper.
     */
    static final AmfLimits REENCODED = new AmfLimits(LIMITS.maxDepth() + 1, 3 * LIMITS.maxStringBytes(),
            LIMITS.maxEntries());

    private DecodedAmf() {
    }

    /**
     * Checks {@code values}, decoded from {@code inputLength} bytes under {@link #LIMITS}, and {@code decodedAgain},
     * the same bytes decoded a second time. Each direct value costs a byte of input and references add at most
     * {@code maxEntries} values in all, so a walk over more values than that (keys counted too) is an expansion the
     * limits should have stopped. The values of one call are a sequence, not a container: only what they contain
     * is held to the container limits.
     */
    static void assertBounded(List<?> values, List<?> decodedAgain, int inputLength) {
        long walked = values.stream().mapToLong(value -> walk(value, 0)).sum();
        long most = 2L * (inputLength + LIMITS.maxEntries()) + 1;
        assertTrue(walked <= most, () -> walked + " values decoded from " + inputLength + " bytes, most " + most);
        // A string prints as itself; every other value or separator in a few dozen characters.
        long printed = String.valueOf(values).length();
        long mostPrinted = walked * (LIMITS.maxStringBytes() + 64L) + 2;
        assertTrue(printed <= mostPrinted, () -> "printed in " + printed + " characters, most " + mostPrinted);
        values.hashCode();
        values.equals(decodedAgain); // ByteArrays compare by identity, so only the work is checked here
        assertEquals(canonical(values), canonical(decodedAgain), "the same bytes decoded twice");
    }

    private static long walk(Object value, int depth) {
        // A number vector is no container to the decoder, so as a list it may sit one level past the limit.
        assertTrue(depth <= LIMITS.maxDepth() + 1, () -> "nested " + depth + " deep, limit " + LIMITS.maxDepth());
        if (value instanceof String text) {
            assertTrue(text.length() <= LIMITS.maxStringBytes(), () -> "string of " + text.length() + " characters");
            return 1;
        }
        if (value instanceof AmfXml xml) {
            return walk(xml.xml(), depth);
        }
        if (value instanceof byte[] bytes) {
            assertTrue(bytes.length <= LIMITS.maxStringBytes(), () -> "ByteArray of " + bytes.length + " bytes");
            return 1;
        }
        long count = 1;
        if (value instanceof Map<?, ?> map) {
            assertTrue(map.size() <= LIMITS.maxEntries(), () -> "map of " + map.size() + " entries");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                count += walk(entry.getKey(), depth + 1) + walk(entry.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            assertTrue(list.size() <= LIMITS.maxEntries(), () -> "list of " + list.size() + " elements");
            for (Object element : list) {
                count += walk(element, depth + 1);
            }
        }
        return count;
    }

    /**
     * The data {@code value} carries: numbers as doubles, ByteArrays by content, maps as their entries in order
     * (keys canonical too), lists element by element; anything else as itself.
     */
    static Object canonical(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            List<List<Object>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(Arrays.asList(canonical(k), canonical(v))));
            return new Entries(entries);
        }
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>();
            list.forEach(element -> elements.add(canonical(element)));
            return elements;
        }
        return value;
    }

    /** A map's entries, kept apart from a list of pairs. */
    private record Entries(List<List<Object>> entries) {
    }

    /**
     * The one value a decoder produces that our AMF3 encoder cannot write back: a member named by the empty string
     * (a sealed member or a dictionary key), since an anonymous dynamic object ends its members at the empty name.
     */
    static void assertOnlyAnEmptyMemberName(IllegalArgumentException refused) {
        assertTrue(String.valueOf(refused.getMessage()).contains("cannot carry an empty member name"),
                () -> "re-encoding refused: " + refused);
    }
}
