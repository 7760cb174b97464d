package org.rtmpcluster.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.bytes;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.describe;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.feedInPieces;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.filler;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.hex;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.hexOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact bytes of encoded messages, their sizes, and round trips through {@link ChunkDecoder}. */
class ChunkEncoderTest {

    private static String encode(RawMessage m, int chunkSize) {
        ByteBuf out = Unpooled.buffer();
        ChunkEncoder.encode(m, chunkSize, out);
        assertEquals(ChunkEncoder.encodedSize(m, chunkSize), out.readableBytes(), "encodedSize");
        return hexOf(out);
    }

    private static String compact(String hex) {
        return hex.replaceAll("\\s", "");
    }

    @Test
    void smallMessageIsOneType0Chunk() {
        RawMessage m = new RawMessage(3, 20, 0, 0, hex("616263"));

        assertEquals(compact("03 000000 000003 14 00000000 616263"), encode(m, 128));
    }

    @Test
    void continuationChunksUseType3Headers() {
        RawMessage m = new RawMessage(4, 8, 0x10, 1, hex("0102030405"));

        assertEquals(compact("04 000010 000005 08 01000000 0102 c4 0304 c4 05"), encode(m, 2));
    }

    @Test
    void extendedTimestampIsWrittenOnEveryChunk() {
        RawMessage m = new RawMessage(4, 8, 0x01000000, 1, hex("010203"));

        assertEquals(compact("04 ffffff 000003 08 01000000 01000000 0102 c4 01000000 03"), encode(m, 2));
    }

    @Test
    void timestampOf0xFFFFFFAlreadyNeedsTheExtendedField() {
        RawMessage m = new RawMessage(4, 8, 0xFFFFFF, 1, hex("aa"));

        assertEquals(compact("04 ffffff 000001 08 01000000 00ffffff aa"), encode(m, 128));
    }

    @Test
    void largestTimestampIsWrittenUnsigned() {
        RawMessage m = new RawMessage(4, 8, 0xFFFFFFFFL, 1, hex("aa"));

        assertEquals(compact("04 ffffff 000001 08 01000000 ffffffff aa"), encode(m, 128));
    }

    @ParameterizedTest(name = "chunk stream {0}")
    @CsvSource({
        "2,     02 000000 000002 08 01000000 aa c2 bb",
        "63,    3f 000000 000002 08 01000000 aa ff bb",
        "64,    00 00 000000 000002 08 01000000 aa c0 00 bb",
        "319,   00 ff 000000 000002 08 01000000 aa c0 ff bb",
        "320,   01 00 01 000000 000002 08 01000000 aa c1 00 01 bb",
        "65599, 01 ff ff 000000 000002 08 01000000 aa c1 ff ff bb",
    })
    void chunkStreamIdChoosesTheSmallestBasicHeader(int chunkStreamId, String expected) {
        RawMessage m = new RawMessage(chunkStreamId, 8, 0, 1, hex("aabb"));

        assertEquals(compact(expected), encode(m, 1));
    }

    @Test
    void zeroLengthMessageIsOneHeaderOnlyChunk() {
        RawMessage m = new RawMessage(4, 18, 0, 1, Unpooled.EMPTY_BUFFER);

        assertEquals(compact("04 000000 000000 12 01000000"), encode(m, 128));
    }

    @Test
    void encodingLeavesThePayloadReaderIndexAndRefCntAlone() {
        ByteBuf payload = hex("ff aabbcc");
        payload.readByte();
        RawMessage m = new RawMessage(4, 8, 0, 1, payload);

        assertEquals(compact("04 000000 000003 08 01000000 aa c4 bb c4 cc"), encode(m, 1));
        assertEquals(1, payload.readerIndex());
        assertEquals(1, payload.refCnt());
    }

    @Test
    void encodedSizeMatchesTheBytesWritten() {
        int[] chunkSizes = {1, 2, 127, 128, 129, 4096, Integer.MAX_VALUE};
        int[] lengths = {0, 1, 2, 127, 128, 129, 256, 257, 5000};
        long[] timestamps = {0, 0xFFFFFE, 0xFFFFFF, 0xFFFFFFFFL};
        int[] chunkStreamIds = {2, 64, 320};
        for (int chunkSize : chunkSizes) {
            for (int length : lengths) {
                for (long timestamp : timestamps) {
                    for (int chunkStreamId : chunkStreamIds) {
                        RawMessage m = new RawMessage(chunkStreamId, 9, timestamp, 1, Unpooled.buffer(length)
                                .writeZero(length));
                        ByteBuf out = Unpooled.buffer();
                        ChunkEncoder.encode(m, chunkSize, out);
                        assertEquals(out.readableBytes(), ChunkEncoder.encodedSize(m, chunkSize),
                                "chunk size " + chunkSize + ", length " + length + ", timestamp " + timestamp
                                        + ", chunk stream " + chunkStreamId);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 128, 4096, 65536})
    void messagesSurviveARoundTripThroughTheDecoder(int chunkSize) {
        Random random = new Random(chunkSize);
        List<RawMessage> messages = new ArrayList<>();
        messages.add(new RawMessage(2, 1, 0, 0, Unpooled.buffer(4).writeInt(chunkSize)));
        int[] lengths = {0, 1, 4, 127, 128, 129, 4095, 4096, 4097, 70_000};
        long[] timestamps = {0, 40, 0xFFFFFE, 0xFFFFFF, 0x01000000, 0xFFFFFFFFL};
        int[] chunkStreamIds = {3, 4, 6, 64, 320, 65599};
        for (int i = 0; i < lengths.length * 2; i++) {
            byte[] payload = new byte[lengths[i % lengths.length]];
            random.nextBytes(payload);
            messages.add(new RawMessage(chunkStreamIds[i % chunkStreamIds.length], 8 + i % 2,
                    timestamps[i % timestamps.length], i % 3, Unpooled.wrappedBuffer(payload)));
        }

        ByteBuf wire = Unpooled.buffer();
        ChunkEncoder.encode(messages.get(0), ChunkDecoder.DEFAULT_CHUNK_SIZE, wire);
        for (RawMessage m : messages.subList(1, messages.size())) {
            ChunkEncoder.encode(m, chunkSize, wire);
        }
        List<String> expected = messages.stream().map(ChunkFixtures::describe).toList();
        byte[] stream = new byte[wire.readableBytes()];
        wire.readBytes(stream);

        assertEquals(expected, feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, new int[0]));
        int[] pieces = random.ints(stream.length, 1, 1000).toArray();
        assertEquals(expected, feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, pieces));
    }

    @Test
    void encodedControlMessageDecodesToTheSameMessage() {
        RawMessage m = new RawMessage(2, 1, 0, 0, hex("00001000"));
        ByteBuf wire = Unpooled.buffer();
        ChunkEncoder.encode(m, 128, wire);
        byte[] stream = new byte[wire.readableBytes()];
        wire.readBytes(stream);

        assertEquals(List.of(describe(m)), feedInPieces(new ChunkDecoder(ChunkLimits.DEFAULT), stream, new int[0]));
        assertEquals(bytes("02 000000 000004 01 00000000 00001000").length, stream.length);
    }

    @Test
    void valuesTheWireCannotCarryAreRefused() {
        RawMessage ok = new RawMessage(3, 8, 0, 0, hex("aa"));
        assertThrows(IllegalArgumentException.class, () -> ChunkEncoder.encodedSize(ok, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ChunkEncoder.encode(new RawMessage(1, 8, 0, 0, hex("aa")), 128, Unpooled.buffer()));
        assertThrows(IllegalArgumentException.class,
                () -> ChunkEncoder.encode(new RawMessage(65600, 8, 0, 0, hex("aa")), 128, Unpooled.buffer()));
        RawMessage tooLong = new RawMessage(3, 9, 0, 1, Unpooled.wrappedBuffer(new byte[0x1000000]));
        assertThrows(IllegalArgumentException.class, () -> ChunkEncoder.encode(tooLong, 128, Unpooled.buffer()));
    }

    @Test
    void rawMessageRefusesTimestampsAndTypesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new RawMessage(3, 8, -1, 0, hex("")));
        assertThrows(IllegalArgumentException.class, () -> new RawMessage(3, 8, 0x100000000L, 0, hex("")));
        assertThrows(IllegalArgumentException.class, () -> new RawMessage(3, 256, 0, 0, hex("")));
        assertThrows(NullPointerException.class, () -> new RawMessage(3, 8, 0, 0, null));
    }
}
