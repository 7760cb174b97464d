package org.rtmpcluster.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.bytes;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.decode;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.decodeAll;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.describeAndRelease;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.feedInPieces;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.filler;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunk size changes, interleaving, Abort, empty messages and feeding bytes in arbitrary pieces. */
class ChunkDecoderStreamTest {

    /** A stream touching most decoder paths; {@link #MIXED_MESSAGES} is what it decodes to. */
    static final String[] MIXED_STREAM = {
        "02 000000 000004 01 00000000 00000064",                              // set chunk size 100
        "04 ffffff 0000fa 08 01000000 01000000", filler(100, 0),              // audio, extended timestamp
        "01 00 01 000000 0000c8 09 01000000", filler(100, 7),                 // video on chunk stream 320
        "c4 01000000", filler(100, 100),                                      // extended timestamp repeated
        "c1 00 01", filler(100, 107),                                         // video complete
        "c4 01000000", filler(50, 200),                                       // audio complete
        "05 000010 000000 12 01000000", "c5", "85 000005",                    // three empty messages
        "06 000000 0000c8 09 01000000", filler(100, 3),                       // partial message ...
        "02 000000 000004 02 00000000 00000006",                              // ... aborted
        "07 ffffff 00006e 08 01000000 02000000", filler(100, 9),              // extended timestamp ...
        "c7", filler(10, 109),                                                // ... not repeated
        "87 000005", filler(100, 0), "c7", filler(10, 100),                   // fmt 2 after it
        "02 000000 000004 01 00000000 00000001",                              // set chunk size 1
        "08 000000 000003 08 01000000 aa", "c8 bb", "c8 cc",
    };

    private static final List<String> MIXED_MESSAGES = List.of(
            "2/1/0/0/00000064",
            "320/9/0/1/" + filler(200, 7),
            "4/8/16777216/1/" + filler(250, 0),
            "5/18/16/1/",
            "5/18/32/1/",
            "5/18/37/1/",
            "2/2/0/0/00000006",
            "7/8/33554432/1/" + filler(110, 9),
            "7/8/33554437/1/" + filler(110, 0),
            "2/1/0/0/00000001",
            "8/8/0/1/aabbcc");

    @Test
    void setChunkSizeAppliesToTheChunksThatFollowIt() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        List<RawMessage> messages = decode(decoder, hex(
                "02 000000 000004 01 00000000 00001000",
                "04 000000 001388 09 01000000", filler(4096, 0),
                "c4", filler(904, 4096)));

        assertEquals(4096, decoder.chunkSize());
        assertEquals(List.of("2/1/0/0/00001000", "4/9/0/1/" + filler(5000, 0)), describeAndRelease(messages));
    }

    @Test
    void setChunkSizeReachesTheSinkStillReadable() {
        List<RawMessage> messages = decodeAll("02 000000 000004 01 00000000 00001000");

        ByteBuf payload = messages.get(0).payload();
        assertEquals(4, payload.readableBytes());
        assertEquals(4096, payload.readInt());
        payload.release();
    }

    @Test
    void chunkSizeOneCarriesOneBytePerChunk() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        List<RawMessage> messages = decode(decoder, hex(
                "02 000000 000004 01 00000000 00000001",
                "04 000000 000003 08 01000000 aa", "c4 bb", "c4 cc"));

        assertEquals(1, decoder.chunkSize());
        assertEquals(List.of("2/1/0/0/00000001", "4/8/0/1/aabbcc"), describeAndRelease(messages));
    }

    @Test
    void interleavedChunkStreamsReassembleIndependently() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        List<RawMessage> first = decode(decoder, hex(
                "04 000000 0000c8 08 01000000", filler(128, 0),
                "06 000000 00012c 09 01000000", filler(128, 50)));
        assertTrue(first.isEmpty());
        assertEquals(256, decoder.bufferedBytes());

        List<RawMessage> rest = decode(decoder, hex(
                "c4", filler(72, 128),
                "c6", filler(128, 178),
                "c6", filler(44, 306)));

        assertEquals(List.of("4/8/0/1/" + filler(200, 0), "6/9/0/1/" + filler(300, 50)), describeAndRelease(rest));
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void abortDiscardsThePartialMessageOnTheNamedChunkStream() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        assertTrue(decode(decoder, hex("04 000000 0000c8 08 01000000", filler(128, 0))).isEmpty());
        assertEquals(128, decoder.bufferedBytes());

        List<RawMessage> abort = decode(decoder, hex("02 000000 000004 02 00000000 00000004"));
        assertEquals(List.of("2/2/0/0/00000004"), describeAndRelease(abort));
        assertEquals(0, decoder.bufferedBytes());

        // With nothing half-received any more, a new full header on chunk stream 4 is legal.
        List<RawMessage> next = decode(decoder, hex("04 000000 000001 08 01000000 aa"));
        assertEquals(List.of("4/8/0/1/aa"), describeAndRelease(next));
    }

    @Test
    void abortOfAnIdleOrUnknownChunkStreamChangesNothing() {
        List<RawMessage> messages = decodeAll(
                "04 000000 000001 08 01000000 aa",
                "02 000000 000004 02 00000000 00000004",
                "02 000000 000004 02 00000000 00000009",
                "02 000000 000004 02 00000000 ffffffff",
                "c4 bb");

        assertEquals(List.of("4/8/0/1/aa", "2/2/0/0/00000004", "2/2/0/0/00000009", "2/2/0/0/ffffffff",
                "4/8/0/1/bb"), describeAndRelease(messages));
    }

    @Test
    void zeroLengthMessagesAreDeliveredOncePerHeader() {
        List<RawMessage> messages = decodeAll(
                "04 000010 000000 12 01000000",
                "c4",
                "c4",
                "84 000005");

        assertEquals(List.of("4/18/16/1/", "4/18/32/1/", "4/18/48/1/", "4/18/53/1/"), describeAndRelease(messages));
    }

    @Test
    void partialChunkLeavesTheReaderIndexAtItsStart() {
        byte[] chunk = bytes("01 00 01 ffffff 000003 08 01000000 01000000 aabbcc");
        for (int n = 1; n < chunk.length; n++) {
            ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
            ByteBuf in = Unpooled.wrappedBuffer(chunk, 0, n);

            assertTrue(decode(decoder, in).isEmpty(), "prefix of " + n + " bytes");
            assertEquals(0, in.readerIndex(), "prefix of " + n + " bytes");
            assertEquals(0, decoder.bufferedBytes());
        }
    }

    @Test
    void partialContinuationChunkWaitsForMoreBytes() {
        byte[] continuation = bytes("c4 01020304", filler(2, 128));
        for (int n = 1; n < continuation.length; n++) {
            ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
            assertTrue(decode(decoder, hex("04 ffffff 000082 09 01000000 01020304", filler(128, 0))).isEmpty());
            ByteBuf in = Unpooled.wrappedBuffer(continuation, 0, n);

            assertTrue(decode(decoder, in).isEmpty(), "prefix of " + n + " bytes");
            assertEquals(0, in.readerIndex(), "prefix of " + n + " bytes");
            assertEquals(128, decoder.bufferedBytes());
        }
    }

    @Test
    void mixedStreamFedAllAtOnceDecodesAsExpected() {
        byte[] stream = bytes(MIXED_STREAM);

        assertEquals(MIXED_MESSAGES, feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, new int[0]));
    }

    @Test
    void feedingByteAtATimeGivesTheSameMessagesAsFeedingAllAtOnce() {
        byte[] stream = bytes(MIXED_STREAM);
        int[] ones = new int[stream.length];
        Arrays.fill(ones, 1);

        assertEquals(MIXED_MESSAGES, feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, ones));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void feedingInRandomSplitsGivesTheSameMessagesAsFeedingAllAtOnce(int seed) {
        byte[] stream = bytes(MIXED_STREAM);
        Random random = new Random(seed);
        int[] pieces = new int[stream.length];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = 1 + random.nextInt(i % 2 == 0 ? 8 : 300);
        }

        assertEquals(MIXED_MESSAGES, feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, pieces));
    }
}
