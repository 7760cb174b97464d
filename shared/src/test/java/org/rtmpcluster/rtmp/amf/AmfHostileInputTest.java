package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a peer or a malicious upstream can send; every case must end in an AmfException with a reason. */
class AmfHostileInputTest {

    private static final AmfLimits NO_PRACTICAL_LIMITS = new AmfLimits(32, Integer.MAX_VALUE, Integer.MAX_VALUE);

    private static String refused(Executable decode) {
        return assertThrows(AmfException.class, decode).getMessage();
    }

    private static String amf0Refused(String hex, AmfLimits limits) {
        return refused(() -> Amf0.decodeAll(Hex.buf(hex), limits));
    }

    private static String amf3Refused(String hex, AmfLimits limits) {
        return refused(() -> Amf3.decode(Hex.buf(hex), limits));
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
        }
    }

    private static ByteBuf repeated(String hex, int times, String tail) {
        ByteBuf buf = Unpooled.buffer();
        byte[] unit = ByteBufUtil.decodeHexDump(hex);
        for (int i = 0; i < times; i++) {
            buf.writeBytes(unit);
        }
        buf.writeBytes(ByteBufUtil.decodeHexDump(tail));
        return buf;
    }

    // --- truncation ---

    @Test
    void everyTruncationOfTheConnectObjectIsRefused() {
        byte[] full = ByteBufUtil.decodeHexDump(Hex.normalized(AmfFixtures.FFMPEG_CONNECT_OBJECT));
        for (int length = 0; length < full.length; length++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(full, 0, length);
            assertThrows(AmfException.class, () -> Amf0.decode(prefix, AmfLimits.DEFAULT), "prefix of " + length);
        }
    }

    @Test
    void everyTruncationOfTheConnectCommandInsideAValueIsRefused() {
        byte[] full = ByteBufUtil.decodeHexDump(Hex.normalized(AmfFixtures.FFMPEG_CONNECT));
        List<Object> values = Amf0.decodeAll(Unpooled.wrappedBuffer(full), AmfLimits.DEFAULT);
        for (int length = 0; length <= full.length; length++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(full, 0, length);
            int boundary = Arrays.binarySearch(AmfFixtures.FFMPEG_CONNECT_BOUNDARIES, length);
            if (boundary >= 0) {
                // a cut between two values is a shorter, valid command body
                assertEquals(values.subList(0, boundary), Amf0.decodeAll(prefix, AmfLimits.DEFAULT));
            } else {
                assertThrows(AmfException.class, () -> Amf0.decodeAll(prefix, AmfLimits.DEFAULT), "prefix of " + length);
            }
        }
    }

    @Test
    void everyTruncationOfAnAmf3ObjectGraphIsRefused() {
        byte[] full = ByteBufUtil.decodeHexDump(Hex.normalized(AmfFixtures.AMF3_POINTS));
        for (int length = 0; length < full.length; length++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(full, 0, length);
            assertThrows(AmfException.class, () -> Amf3.decode(prefix, AmfLimits.DEFAULT), "prefix of " + length);
        }
    }

    @Test
    void truncationMessageSaysWhatWasNeededAndWhatWasThere() {
        assertMentions(amf0Refused("02 04 b0 61 62 63 64 65", AmfLimits.DEFAULT),
                "truncated AMF0 string", "need 1200 bytes", "5 readable");
    }

    // --- lying lengths and counts ---

    @Test
    void stringLengthLargerThanInputIsRefused() {
        assertMentions(amf0Refused("02 ff ff 61 62 63", AmfLimits.DEFAULT), "need 65535 bytes, 3 readable");
    }

    @Test
    void longStringLengthOfTwoGigabytesIsRefusedWithoutAllocating() {
        assertMentions(amf0Refused("0c 7f ff ff ff 61", AmfLimits.DEFAULT), "2147483647", "exceeds limit 1048576");
        assertMentions(amf0Refused("0c 7f ff ff ff 61", NO_PRACTICAL_LIMITS), "need 2147483647 bytes, 1 readable");
        assertMentions(amf0Refused("0c ff ff ff ff", NO_PRACTICAL_LIMITS), "4294967295");
    }

    @Test
    void strictArrayCountLargerThanInputIsRefused() {
        assertMentions(amf0Refused("0a 7f ff ff ff", AmfLimits.DEFAULT), "2147483647", "exceeds limit 65536");
        assertMentions(amf0Refused("0a 7f ff ff ff", NO_PRACTICAL_LIMITS), "2147483647 elements", "0 readable");
        assertMentions(amf0Refused("0a 00 00 03 e8 05 05", AmfLimits.DEFAULT), "1000 elements", "2 readable");
    }

    @Test
    void xmlDocumentLengthLargerThanInputIsRefused() {
        assertMentions(amf0Refused("0f 00 01 00 00 3c", AmfLimits.DEFAULT), "AMF0 XML document", "1 readable");
    }

    @Test
    void amf3LengthsAndCountsLargerThanInputAreRefused() {
        // U29 0xFFFFFFF = inline string of 2^27 - 1 bytes
        assertMentions(amf3Refused("06 bf ff ff ff 61", AmfLimits.DEFAULT), "AMF3 string length 134217727");
        assertMentions(amf3Refused("06 bf ff ff ff 61", NO_PRACTICAL_LIMITS), "need 134217727 bytes, 1 readable");
        assertMentions(amf3Refused("0c bf ff ff ff 01", NO_PRACTICAL_LIMITS), "AMF3 ByteArray");
        assertMentions(amf3Refused("09 bf ff ff ff 01", NO_PRACTICAL_LIMITS), "134217727 elements");
        assertMentions(amf3Refused("0d bf ff ff ff 00 01 02", NO_PRACTICAL_LIMITS), "AMF3 int vector");
        assertMentions(amf3Refused("0f 83 01 00 ff", NO_PRACTICAL_LIMITS), "AMF3 double vector");
        assertMentions(amf3Refused("10 bf ff ff ff 00 01", NO_PRACTICAL_LIMITS), "AMF3 object vector");
        assertMentions(amf3Refused("11 bf ff ff ff 00", NO_PRACTICAL_LIMITS), "AMF3 dictionary");
        // traits claiming 2^25 - 1 sealed members, anonymous
        assertMentions(amf3Refused("0a bf ff ff fb 01", NO_PRACTICAL_LIMITS), "AMF3 sealed member");
    }

    @Test
    void truncatedU29IsRefused() {
        assertMentions(amf3Refused("04 ff ff", AmfLimits.DEFAULT), "truncated AMF3 integer");
    }

    // --- depth ---

    @Test
    void deepNestingIsRefusedBeforeTheStackIs() {
        String[] containers = {"03 00 01 61", "0a 00 00 00 01", "08 00 00 00 00 00 01 61", "10 00 01 54 00 01 61"};
        for (String container : containers) {
            ByteBuf input = repeated(container.replace(" ", ""), 10_000, "05");
            assertMentions(refused(() -> Amf0.decode(input, AmfLimits.DEFAULT)), "nesting depth 33 exceeds limit 32");
        }
    }

    @Test
    void deepAmf3NestingIsRefusedBeforeTheStackIs() {
        String[] containers = {"090301", "0a0b010361", "10030001", "11030001"};
        for (String container : containers) {
            ByteBuf input = repeated(container, 10_000, "01");
            assertMentions(refused(() -> Amf3.decode(input, AmfLimits.DEFAULT)), "exceeds limit 32");
        }
    }

    @Test
    void nestingExactlyAtTheLimitDecodes() {
        AmfLimits limits = new AmfLimits(3, 1024, 16);

        Amf0.decode(repeated("0a00000001", 3, "05"), limits);
        assertThrows(AmfException.class, () -> Amf0.decode(repeated("0a00000001", 4, "05"), limits));
    }

    @Test
    void avmPlusSwitchCountsTowardsTheSameDepthBudget() {
        AmfLimits limits = new AmfLimits(3, 1024, 16);
        // AMF0 object > 0x11 switch > AMF3 object: three levels
        String threeLevels = "03 00 01 61  11 0a 0b 01 01  00 00 09";
        // ... and one more AMF3 object inside makes four
        String fourLevels = "03 00 01 61  11 0a 0b 01 03 62 0a 0b 01 01 01  00 00 09";

        Amf0.decode(Hex.buf(threeLevels), limits);
        assertMentions(amf0Refused(fourLevels, limits), "AMF3 object at nesting depth 4 exceeds limit 3");
    }

    // --- references ---

    @Test
    void amf0ReferenceOutOfRangeIsRefused() {
        assertMentions(amf0Refused("07 00 05", AmfLimits.DEFAULT), "AMF0 reference 5 out of range, table size 0");
        assertMentions(amf0Refused("0a 00 00 00 01 07 00 01", AmfLimits.DEFAULT),
                "AMF0 reference 1 out of range, table size 1");
    }

    @Test
    void amf0ReferenceToAnEnclosingObjectIsRefused() {
        // { self: ref 0 }, and { outer: { inner: ref 0 } }: decoded as cycles they would hang printing and hashing
        assertMentions(amf0Refused("03 00 04 73 65 6c 66 07 00 00  00 00 09", AmfLimits.DEFAULT),
                "AMF0 reference 0 points at a value that contains it");
        assertMentions(amf0Refused("03 00 01 6f 03 00 01 69 07 00 00 00 00 09 00 00 09", AmfLimits.DEFAULT),
                "AMF0 reference 0 points at a value that contains it");
    }

    @Test
    void amf0ReferencesToCompleteObjectsStillDecode() {
        List<Object> values = Amf0.decodeAll(Hex.buf("03 00 01 61 05 00 00 09  07 00 00"), AmfLimits.DEFAULT);
        assertSame(values.get(0), values.get(1));
    }

    @Test
    void amf0ReferenceChainNestingPastTheDepthLimitIsRefused() {
        // [ [], [ref 1], [ref 2], ... ]: each entry is one level deeper than the last through its reference
        int entries = AmfLimits.DEFAULT.maxDepth() + 2;
        StringBuilder hex = new StringBuilder(String.format("0a %08x  0a 00000000 ", entries));
        for (int k = 1; k < entries; k++) {
            hex.append(String.format(" 0a 00000001 07 %04x", k));
        }
        assertMentions(amf0Refused(hex.toString(), AmfLimits.DEFAULT), "would nest values", "deep, limit 32");
    }

    @Test
    void amf0ReferencesThatDoubleAtEachStepAreRefused() {
        // [ [], [ref 1, ref 1], [ref 2, ref 2], ... ]: 20 entries stand for about a million values
        StringBuilder hex = new StringBuilder("0a 00000014  0a 00000000 ");
        for (int k = 1; k < 20; k++) {
            hex.append(String.format(" 0a 00000002 07 %04x 07 %04x", k, k));
        }
        assertMentions(amf0Refused(hex.toString(), AmfLimits.DEFAULT), "expands the decoded values", "limit 65536");
    }

    @Test
    void amf3ReferenceToAnEnclosingValueIsRefused() {
        // anonymous dynamic object { self: ref 0 }, and a dense array whose element is itself
        assertMentions(amf3Refused("0a 0b 01  09 73 65 6c 66 0a 00  01", AmfLimits.DEFAULT),
                "AMF3 object reference 0 points at a value that contains it");
        assertMentions(amf3Refused("09 03 01  09 00", AmfLimits.DEFAULT),
                "AMF3 object reference 0 points at a value that contains it");
    }

    @Test
    void amf3StringReferenceOutOfRangeIsRefused() {
        assertMentions(amf3Refused("06 0e", AmfLimits.DEFAULT), "AMF3 string reference 7 out of range, table size 0");
        // as a dynamic member name, after "a" was registered
        assertMentions(amf3Refused("0a 0b 01 03 61 01 02 01", AmfLimits.DEFAULT),
                "AMF3 string reference 1 out of range, table size 1");
    }

    @Test
    void amf3ObjectReferenceOutOfRangeIsRefused() {
        // [ {}, ref 7 ]
        assertMentions(amf3Refused("09 05 01  0a 0b 01 01  0a 0e", AmfLimits.DEFAULT),
                "AMF3 object reference 7 out of range, table size 2");
        assertMentions(amf3Refused("08 00", AmfLimits.DEFAULT), "AMF3 object reference 0 out of range, table size 0");
    }

    @Test
    void amf3TraitsReferenceOutOfRangeIsRefused() {
        assertMentions(amf3Refused("0a 05", AmfLimits.DEFAULT), "AMF3 traits reference 1 out of range, table size 0");
    }

    // --- types refused ---

    @ParameterizedTest(name = "AMF0 marker 0x{0}")
    @ValueSource(strings = {"04", "09", "0d", "0e", "12", "ff"})
    void amf0MarkersWithoutAValueAreRefused(String marker) {
        assertMentions(amf0Refused(marker, AmfLimits.DEFAULT), "AMF0", "0x" + marker.toUpperCase());
    }

    @ParameterizedTest(name = "AMF3 marker 0x{0}")
    @ValueSource(strings = {"12", "7f", "ff"})
    void unknownAmf3MarkersAreRefused(String marker) {
        assertMentions(amf3Refused(marker, AmfLimits.DEFAULT), "unknown AMF3 marker 0x" + marker.toUpperCase());
    }

    @Test
    void externalizableClassIsRefusedByName() {
        // U29O-traits 0b0111: inline object, inline traits, externalizable
        String hex = "0a 07 43" + Hex.of(Unpooled.wrappedBuffer("flex.messaging.io.ArrayCollection".getBytes()))
                + "09 01";

        assertEquals("externalizable AMF3 class 'flex.messaging.io.ArrayCollection' is not supported",
                amf3Refused(hex, AmfLimits.DEFAULT));
    }

    @Test
    void dictionaryWithAnObjectKeyIsRefused() {
        // a container key is walked by hashCode() on every lookup: the key { d: 1 } is refused
        assertMentions(amf3Refused("11 03 00  0a 0b 01 03 64 04 01 01  01", AmfLimits.DEFAULT),
                "AMF3 dictionary key of type LinkedHashMap");
        // one that contains the dictionary itself is a cycle, refused before it could be hashed
        assertMentions(amf3Refused("11 03 00  0a 0b 01 03 64 11 00 01  01", AmfLimits.DEFAULT),
                "AMF3 object reference 0 points at a value that contains it");
    }

    @Test
    void dateThatIsNotANumberIsRefused() {
        assertMentions(amf0Refused("0b 7f f8 00 00 00 00 00 00 00 00", AmfLimits.DEFAULT), "AMF0 date NaN");
        assertMentions(amf3Refused("08 01 7f f0 00 00 00 00 00 00", AmfLimits.DEFAULT), "AMF3 date Infinity");
    }

    // --- limits ---

    @Test
    void stringLongerThanMaxStringBytesIsRefused() {
        AmfLimits limits = new AmfLimits(32, 4, 100);

        assertMentions(amf0Refused("02 00 05 68 65 6c 6c 6f", limits), "AMF0 string length 5 exceeds limit 4");
        assertMentions(amf0Refused("03 00 05 68 65 6c 6c 6f 05 00 00 09", limits), "AMF0 object key length 5");
        assertMentions(amf3Refused("06 0b 68 65 6c 6c 6f", limits), "AMF3 string length 5 exceeds limit 4");
        assertMentions(amf3Refused("0c 0b 01 02 03 04 05", limits), "AMF3 ByteArray length 5 exceeds limit 4");
        assertEquals("hell", Amf0.decode(Hex.buf("02 00 04 68 65 6c 6c"), limits));
    }

    @Test
    void moreEntriesThanMaxEntriesAreRefused() {
        AmfLimits limits = new AmfLimits(32, 1024, 2);

        assertMentions(amf0Refused("03 00 01 61 05 00 01 62 05 00 01 63 05 00 00 09", limits),
                "AMF0 object property count 3 exceeds limit 2");
        assertMentions(amf0Refused("08 00 00 00 00 00 01 61 05 00 01 62 05 00 01 63 05 00 00 09", limits),
                "AMF0 ECMA array property count 3");
        assertMentions(amf0Refused("0a 00 00 00 03 05 05 05", limits), "AMF0 strict array count 3 exceeds limit 2");
        // one sealed member "a" plus dynamic "b" and "c"
        assertMentions(amf3Refused("0a 1b 01 03 61 01  03 62 01  03 63 01  01", limits),
                "AMF3 object member count 3 exceeds limit 2");
        assertMentions(amf3Refused("0a 3b 01 03 61 03 62 03 63 01 01 01 01", limits),
                "AMF3 sealed member count 3 exceeds limit 2");
        // 2 dense elements plus one associative
        assertMentions(amf3Refused("09 05 03 61 01 01 01 01", limits), "AMF3 array element count 3");
        assertEquals(2, ((List<?>) Amf0.decode(Hex.buf("0a 00 00 00 02 05 05"), limits)).size());
    }

    @Test
    void randomlyCorruptedPayloadsOnlyEverRaiseAmfException() {
        // Fixed seed: a failure here names a reproducible input, not a flake.
        Random random = new Random(20_170_201);
        AmfLimits limits = new AmfLimits(16, 4096, 256);
        String[] seeds = {AmfFixtures.FFMPEG_CONNECT, AmfFixtures.FFMPEG_SET_DATA_FRAME, AmfFixtures.AMF3_POINTS,
                "11" + Hex.normalized(AmfFixtures.AMF3_POINTS)};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = ByteBufUtil.decodeHexDump(Hex.normalized(seeds[round % seeds.length]));
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            for (int decoder = 0; decoder < 2; decoder++) {
                ByteBuf input = Unpooled.wrappedBuffer(bytes);
                try {
                    if (decoder == 0) {
                        Amf0.decodeAll(input, limits);
                    } else {
                        Amf3.decode(input, limits);
                    }
                } catch (AmfException expected) {
                    // the only acceptable failure
                } catch (RuntimeException | Error wrong) {
                    throw new AssertionError("input " + ByteBufUtil.hexDump(bytes) + " raised " + wrong, wrong);
                }
            }
        }
    }

    @Test
    void limitsOutsideTheirRangeAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new AmfLimits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AmfLimits(AmfLimits.MAX_DEPTH_CEILING + 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AmfLimits(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AmfLimits(1, 1, -1));
    }
}
