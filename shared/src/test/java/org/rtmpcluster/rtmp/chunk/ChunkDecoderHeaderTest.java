package org.rtmpcluster.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.decode;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.decodeAll;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.describeAndRelease;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.filler;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Basic header forms, the four message header formats and timestamp arithmetic (RTMP 1.0 §5.3.1). */
class ChunkDecoderHeaderTest {

    @Test
    void connectCommandSplitAtDefaultChunkSizeIsReassembled() {
        List<RawMessage> messages = decodeAll(
                "03 000000 0000be 14 00000000", filler(128, 0),
                "c3", filler(62, 128));

        assertEquals(List.of("3/20/0/0/" + filler(190, 0)), describeAndRelease(messages));
    }

    @ParameterizedTest(name = "basic header {0} is chunk stream {1}")
    @CsvSource({
        "03,       3",
        "3f,       63",
        "00 00,    64",
        "00 ff,    319",
        "01 00 01, 320",
        "01 ff ff, 65599",
        "01 00 00, 64",
    })
    void everyBasicHeaderFormNamesItsChunkStream(String basicHeader, int chunkStreamId) {
        List<RawMessage> messages = decodeAll(basicHeader, "000000 000001 08 01000000 aa");

        assertEquals(List.of(chunkStreamId + "/8/0/1/aa"), describeAndRelease(messages));
    }

    @Test
    void continuationChunkMayUseTheThreeByteBasicHeader() {
        List<RawMessage> messages = decodeAll(
                "01 00 01 000000 000082 09 01000000", filler(128, 0),
                "c1 00 01", filler(2, 128));

        assertEquals(List.of("320/9/0/1/" + filler(130, 0)), describeAndRelease(messages));
    }

    @Test
    void everyHeaderFormatInheritsWhatItOmits() {
        List<RawMessage> messages = decodeAll(
                "04 000064 000003 08 01000000 aabbcc", // fmt 0: ts 100, length 3, audio, stream 1
                "44 00000a 000002 09 ddee",            // fmt 1: +10, length 2, video
                "84 000005 ff01",                      // fmt 2: +5
                "c4 1122");                            // fmt 3: +5 again

        assertEquals(List.of(
                "4/8/100/1/aabbcc",
                "4/9/110/1/ddee",
                "4/9/115/1/ff01",
                "4/9/120/1/1122"), describeAndRelease(messages));
    }

    @Test
    void fmt3MessageAfterFmt0RepeatsTheAbsoluteTimestampAsDelta() {
        List<RawMessage> messages = decodeAll(
                "04 000064 000001 08 01000000 aa",
                "c4 bb");

        assertEquals(List.of("4/8/100/1/aa", "4/8/200/1/bb"), describeAndRelease(messages));
    }

    @Test
    void messageStreamIdIsLittleEndian() {
        List<RawMessage> messages = decodeAll("04 000000 000001 12 01020304 aa");

        assertEquals(List.of("4/18/0/67305985/aa"), describeAndRelease(messages));
    }

    @Test
    void timestampDeltasWrapAt32Bits() {
        List<RawMessage> messages = decodeAll(
                "04 ffffff 000001 08 01000000 fffffff0 aa",
                "84 000020 bb");

        assertEquals(List.of("4/8/4294967280/1/aa", "4/8/16/1/bb"), describeAndRelease(messages));
    }

    @Test
    void fmt0ExtendedTimestampReplacesTheTimestampField() {
        List<RawMessage> messages = decodeAll("04 ffffff 000002 08 01000000 01000000 aabb");

        assertEquals(List.of("4/8/16777216/1/aabb"), describeAndRelease(messages));
    }

    @Test
    void extendedTimestampRepeatedOnContinuationChunkIsConsumed() {
        List<RawMessage> messages = decodeAll(
                "04 ffffff 000082 09 01000000 01020304", filler(128, 0),
                "c4 01020304", filler(2, 128));

        assertEquals(List.of("4/9/16909060/1/" + filler(130, 0)), describeAndRelease(messages));
    }

    @Test
    void continuationChunkWithoutRepeatedExtendedTimestampIsReadAsPayload() {
        List<RawMessage> messages = decodeAll(
                "04 ffffff 000088 09 01000000 01020304", filler(128, 0),
                "c4", filler(8, 128));

        assertEquals(List.of("4/9/16909060/1/" + filler(136, 0)), describeAndRelease(messages));
    }

    @Test
    void shortContinuationWithoutRepeatedExtendedTimestampWaitsUntilFourBytesCanBeCompared() {
        ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.DEFAULT);
        ByteBuf in = Unpooled.buffer().writeBytes(hex(
                "04 ffffff 000082 09 01000000 01020304", filler(128, 0),
                "c4", filler(2, 128)));

        assertTrue(decode(decoder, in).isEmpty());
        assertEquals(1 + 11 + 4 + 128, in.readerIndex());

        in.writeBytes(hex("05 000000 000001 08 01000000 aa"));
        assertEquals(List.of("4/9/16909060/1/" + filler(130, 0), "5/8/0/1/aa"),
                describeAndRelease(decode(decoder, in)));
    }

    @Test
    void fmt3MessageAfterExtendedTimestampReadsItAgainAsTheDelta() {
        List<RawMessage> messages = decodeAll(
                "04 ffffff 000001 08 01000000 01000000 aa",
                "c4 01000000 bb");

        assertEquals(List.of("4/8/16777216/1/aa", "4/8/33554432/1/bb"), describeAndRelease(messages));
    }

    @Test
    void fmt1ExtendedDeltaIsAddedToThePreviousTimestampAndRepeatedOnContinuations() {
        List<RawMessage> messages = decodeAll(
                "04 000010 000001 08 01000000 aa",
                "44 ffffff 000081 09 01000000", filler(128, 0),
                "c4 01000000 ee");

        assertEquals(List.of("4/8/16/1/aa", "4/9/16777232/1/" + filler(128, 0) + "ee"),
                describeAndRelease(messages));
    }

    @Test
    void chunkStreamsKeepSeparateHeaders() {
        List<RawMessage> messages = decodeAll(
                "04 000064 000001 08 01000000 aa",
                "06 0003e8 000001 09 01000000 bb",
                "c4 cc",
                "c6 dd");

        assertEquals(List.of("4/8/100/1/aa", "6/9/1000/1/bb", "4/8/200/1/cc", "6/9/2000/1/dd"),
                describeAndRelease(messages));
    }
}
