package org.rtmpcluster.rtmp.chunk;

import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.bytes;
import static org.rtmpcluster.rtmp.chunk.ChunkFixtures.filler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rtmpcluster.testing.SeedCorpus;

/**
 * Seeds for {@link ChunkDecoderFuzzTest}: every header format and basic header size, extended timestamps repeated
 * and not, chunk size changes and Abort, interleaved chunk streams, and one case for each refusal the decoder has.
 */
public final class ChunkSeeds {

    private ChunkSeeds() {
    }

    public static void writeTo(SeedCorpus corpus) throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("mixed-stream", bytes(ChunkDecoderStreamTest.MIXED_STREAM));
        seeds.put("set-chunk-size-4096-then-large-video", bytes(
                "02 000000 000004 01 00000000 00001000",
                "06 000000 001388 09 01000000", filler(4096, 0),
                "c6", filler(904, 4096)));
        seeds.put("fmt0-fmt1-fmt2-fmt3-deltas", bytes(
                "04 000064 000003 08 01000000 aabbcc",
                "44 00000a 000002 09 ddee",
                "84 000005 ff01",
                "c4 1122"));
        seeds.put("fmt0-extended-timestamp", bytes("04 ffffff 000002 08 01000000 01000000 aabb"));
        seeds.put("fmt3-repeats-extended-timestamp", bytes(
                "04 ffffff 000082 09 01000000 01020304", filler(128, 0),
                "c4 01020304", filler(2, 128)));
        seeds.put("fmt3-omits-extended-timestamp", bytes(
                "04 ffffff 000088 09 01000000 01020304", filler(128, 0),
                "c4", filler(8, 128)));
        seeds.put("fmt3-new-message-after-extended-timestamp", bytes(
                "04 ffffff 000001 08 01000000 01000000 aa",
                "c4 01000000 bb"));
        seeds.put("fmt1-extended-timestamp-delta", bytes(
                "04 000010 000001 08 01000000 aa",
                "44 ffffff 000081 09 01000000", filler(128, 0),
                "c4 01000000 ee"));
        seeds.put("two-byte-chunk-stream-id", bytes("00 ff 000000 000001 08 01000000 aa"));
        seeds.put("three-byte-chunk-stream-id", bytes(
                "01 00 01 000000 000082 09 01000000", filler(128, 0),
                "c1 00 01", filler(2, 128)));
        seeds.put("interleaved-audio-and-video", bytes(
                "04 000000 0000c8 08 01000000", filler(128, 0),
                "06 000000 00012c 09 01000000", filler(128, 50),
                "c4", filler(72, 128),
                "c6", filler(128, 178),
                "c6", filler(44, 306)));
        seeds.put("empty-messages", bytes("05 000010 000000 12 01000000", "c5", "85 000005"));
        seeds.put("set-chunk-size-1", bytes(
                "02 000000 000004 01 00000000 00000001",
                "04 000000 000003 08 01000000 aa", "c4 bb", "c4 cc"));
        seeds.put("abort-partial-message", bytes(
                "06 000000 0000c8 09 01000000", filler(128, 3),
                "02 000000 000004 02 00000000 00000006",
                "06 000000 000001 09 01000000 aa"));
        seeds.put("command-chunked-by-our-encoder", ourEncoding(new RawMessage(3, 20, 0x1000000, 0,
                Unpooled.wrappedBuffer(bytes(filler(300, 5))))));
        seeds.put("set-chunk-size-zero", bytes("02 000000 000004 01 00000000 00000000"));
        seeds.put("set-chunk-size-reserved-bit", bytes("02 000000 000004 01 00000000 80000000"));
        seeds.put("set-chunk-size-over-limit", bytes("02 000000 000004 01 00000000 7fffffff"));
        seeds.put("set-chunk-size-truncated-payload", bytes("02 000000 000002 01 00000000 0010"));
        seeds.put("abort-truncated-payload", bytes("02 000000 000003 02 00000000 000004"));
        seeds.put("fmt1-without-previous", bytes("44 00000a 000002 09 ddee"));
        seeds.put("fmt3-without-previous", bytes("c3 aabb"));
        seeds.put("new-header-mid-message", bytes(
                "04 000000 0000c8 08 01000000", filler(128, 0),
                "04 000000 000001 08 01000000 aa"));
        seeds.put("message-length-over-limit", bytes("04 000000 ffffff 09 01000000 aabb"));
        seeds.put("too-many-chunk-streams", bytes(
                "02 000000 000000 08 01000000", "03 000000 000000 08 01000000", "04 000000 000000 08 01000000",
                "05 000000 000000 08 01000000", "06 000000 000000 08 01000000", "07 000000 000000 08 01000000",
                "08 000000 000000 08 01000000", "09 000000 000000 08 01000000", "0a 000000 000000 08 01000000"));
        seeds.put("partial-messages-over-buffer-limit", bytes(
                "02 000000 000004 01 00000000 00001000",
                "04 000000 001fff 09 01000000", filler(4096, 0),
                "05 000000 001fff 09 01000000", filler(4096, 1),
                "06 000000 001fff 09 01000000", filler(4096, 2),
                "07 000000 001fff 09 01000000", filler(4096, 3),
                "08 000000 001fff 09 01000000", filler(4096, 4)));
        corpus.write(ChunkDecoderFuzzTest.class, seeds);
    }

    private static byte[] ourEncoding(RawMessage message) {
        ByteBuf out = Unpooled.buffer();
        try {
            ChunkEncoder.encode(message, ChunkDecoder.DEFAULT_CHUNK_SIZE, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            message.payload().release();
        }
    }
}
