package org.rtmpcluster.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.decode;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.describeAndRelease;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.filler;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A hostile or broken peer: every limit is crossed once, every protocol violation is refused with its value. */
class ChunkDecoderLimitsTest {

    private static ChunkException refused(ChunkDecoder decoder, String... hex) {
        return assertThrows(ChunkException.class, () -> decode(decoder, hex(hex)));
    }

    private static ChunkException refused(String... hex) {
        return refused(new ChunkDecoder(ChunkLimits.DEFAULT), hex);
    }

    @Test
    void chunkSizeZeroIsRefused() {
        ChunkException e = refused("02 000000 000004 01 00000000 00000000");

        assertEquals("chunk size 0 out of range 1..16777215", e.getMessage());
    }

    @Test
    void chunkSizeWithTheReservedTopBitSetIsRefused() {
        ChunkException e = refused("02 000000 000004 01 00000000 80000000");

        assertTrue(e.getMessage().startsWith("chunk size 2147483648 has reserved bit 31 set"), e.getMessage());
    }

    @Test
    void chunkSizeOverTheLimitIsRefused() {
        ChunkException e = refused("02 000000 000004 01 00000000 7fffffff");

        assertEquals("chunk size 2147483647 out of range 1..16777215", e.getMessage());
    }

    @Test
    void chunkSizeAtTheLimitIsAccepted() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        describeAndRelease(decode(decoder, hex("02 000000 000004 01 00000000 00ffffff")));

        assertEquals(16_777_215, decoder.chunkSize());
    }

    @Test
    void configuredChunkSizeLimitIsEnforced() {
        ChunkDecoder decoder = new ChunkDecoder(new ChunkLimits(65_536, 8 << 20, 64, 32 << 20));
        describeAndRelease(decode(decoder, hex("02 000000 000004 01 00000000 00010000")));
        assertEquals(65_536, decoder.chunkSize());

        ChunkException e = refused(decoder, "02 000000 000004 01 00000000 00010001");
        assertEquals("chunk size 65537 out of range 1..65536", e.getMessage());
    }

    @Test
    void truncatedSetChunkSizePayloadIsRefused() {
        ChunkException e = refused("02 000000 000002 01 00000000 0010");

        assertEquals("set chunk size payload of 2 bytes, expected 4", e.getMessage());
    }

    @Test
    void truncatedAbortPayloadIsRefused() {
        ChunkException e = refused("02 000000 000003 02 00000000 000004");

        assertEquals("abort payload of 3 bytes, expected 4", e.getMessage());
    }

    @Test
    void messageLengthOverTheLimitIsRefusedAtTheHeaderBeforeAnyPayload() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        ChunkException e = refused(decoder, "04 000000 ffffff 09 01000000");

        assertEquals("message length 16777215 over limit 8388608 on chunk stream 4", e.getMessage());
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void messageLengthOverTheLimitInAFmt1HeaderIsRefused() {
        ChunkException e = refused(
                "04 000000 000001 08 01000000 aa",
                "44 000000 800001 09");

        assertEquals("message length 8388609 over limit 8388608 on chunk stream 4", e.getMessage());
    }

    @Test
    void messageLengthAtTheLimitIsAcceptedAndOneMoreIsNot() {
        ChunkLimits limits = new ChunkLimits(16_777_215, 1000, 64, 32 << 20);
        ChunkDecoder decoder = new ChunkDecoder(limits);
        describeAndRelease(decode(decoder, hex(
                "02 000000 000004 01 00000000 00001000",
                "04 000000 0003e8 09 01000000", filler(1000, 0))));

        ChunkException e = refused(decoder, "04 000000 0003e9 09 01000000");
        assertEquals("message length 1001 over limit 1000 on chunk stream 4", e.getMessage());
    }

    @Test
    void chunkStreamsBeyondTheLimitAreRefused() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        StringBuilder sixtyFour = new StringBuilder();
        for (int id = 64; id < 128; id++) {
            sixtyFour.append(String.format("00 %02x 000000 000001 08 01000000 aa", id - 64));
        }
        assertEquals(64, describeAndRelease(decode(decoder, hex(sixtyFour.toString()))).size());

        ChunkException e = refused(decoder, "00 40 000000 000001 08 01000000 aa");
        assertEquals("chunk stream 128 would be number 65, over limit 64 chunk streams", e.getMessage());
    }

    @Test
    void bufferedBytesOverTheLimitAreRefused() {
        ChunkDecoder decoder = new ChunkDecoder(new ChunkLimits(16_777_215, 8 << 20, 64, 200));
        assertTrue(decode(decoder, hex("04 000000 0003e8 09 01000000", filler(128, 0))).isEmpty());

        ChunkException e = refused(decoder, "05 000000 0003e8 09 01000000", filler(128, 0));
        assertEquals("buffered payload 256 bytes over limit 200 (chunk stream 5, message of 1000 bytes)",
                e.getMessage());
    }

    @Test
    void completedMessagesDoNotCountAgainstTheBufferedLimit() {
        ChunkDecoder decoder = new ChunkDecoder(new ChunkLimits(16_777_215, 8 << 20, 64, 128));
        List<RawMessage> messages = decode(decoder, hex(
                "04 000000 0000c8 09 01000000", filler(128, 0),
                "05 000000 000080 08 01000000", filler(128, 0),
                "c4", filler(72, 128)));

        assertEquals(List.of("5/8/0/1/" + filler(128, 0), "4/9/0/1/" + filler(200, 0)),
                describeAndRelease(messages));
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void hugeDeclaredMessagesCostOnlyTheBytesThatArrived() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        StringBuilder stream = new StringBuilder("02 000000 000004 01 00000000 00000001");
        for (int id = 64; id < 127; id++) {
            stream.append(String.format("00 %02x 000000 800000 09 01000000 aa", id - 64));
        }
        describeAndRelease(decode(decoder, hex(stream.toString())));

        assertEquals(63, decoder.bufferedBytes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "45 000000 000001 08 aa, chunk type 1 on chunk stream 5 with no previous header",
        "85 000000 aa,           chunk type 2 on chunk stream 5 with no previous header",
        "c5 aa,                  chunk type 3 on chunk stream 5 with no previous header",
    })
    void compressedHeaderWithNoPreviousHeaderIsRefused(String chunk, String message) {
        assertEquals(message, refused(chunk).getMessage());
    }

    @Test
    void compressedHeaderIsRefusedAsSoonAsItsBasicHeaderIsRead() {
        assertEquals("chunk type 3 on chunk stream 5 with no previous header", refused("c5").getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "04 000000 000001 08 01000000 aa, 0",
        "44 000000 000001 08 aa,          1",
        "84 000000,                       2",
    })
    void newHeaderInTheMiddleOfAMessageIsRefused(String chunk, int format) {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        assertTrue(decode(decoder, hex("04 000000 0000c8 08 01000000", filler(128, 0))).isEmpty());

        ChunkException e = refused(decoder, chunk);
        assertEquals("new header on chunk stream 4 in the middle of a message (chunk type " + format
                + ", 128 of 200 bytes received)", e.getMessage());
    }

    @Test
    void limitsRefuseValuesThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(1, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkLimits(1, 1, 1, -1));
    }

    @Test
    void randomBytesRaiseOnlyChunkException() {
        ChunkLimits small = new ChunkLimits(4096, 4096, 8, 16_384);
        for (int seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            byte[] noise = new byte[random.nextInt(3000)];
            random.nextBytes(noise);
            ChunkDecoder decoder = new ChunkDecoder(small);
            ByteBuf in = Unpooled.buffer();
            try {
                for (int offset = 0; offset < noise.length; ) {
                    int n = Math.min(noise.length - offset, 1 + random.nextInt(64));
                    in.writeBytes(noise, offset, n);
                    offset += n;
                    decoder.decode(in, m -> m.payload().release());
                    in.discardReadBytes();
                }
            } catch (ChunkException expected) {
                // refusing noise is the point; anything else escaping is a bug
            } catch (RuntimeException e) {
                fail("seed " + seed + " raised " + e, e);
            }
            assertTrue(decoder.bufferedBytes() >= 0 && decoder.bufferedBytes() <= small.maxBufferedBytes());
        }
    }
}
