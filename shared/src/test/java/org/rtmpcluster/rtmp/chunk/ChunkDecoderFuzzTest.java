package org.rtmpcluster.rtmp.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.rtmpcluster.testing.Pieces;
import org.rtmpcluster.testing.RecordingAllocator;

/**
 * Fuzz target: the chunk stream a peer sends after the handshake (RTMP 1.0 §5.3). Whatever the bytes, the decoder
 * delivers messages or refuses them with a {@link ChunkException}, nothing else; read in pieces it delivers the same
 * messages and the same refusal as read at once; no message is over the length limit and partial messages never hold
 * more than the buffer limit; a whole chunk is never left unread; every buffer it allocated is released; and every
 * message it delivers, chunked again by {@link ChunkEncoder}, decodes to itself. Seeds are in
 * {@code ChunkDecoderFuzzTestInputs/}.
 */
class ChunkDecoderFuzzTest {

    /** Small limits, so that the fuzzer reaches every one of them. */
    private static final ChunkLimits LIMITS = new ChunkLimits(4096, 8192, 8, 16_384);
    /** The longest chunk header: 3-byte basic header, fmt-0 message header, extended timestamp. */
    private static final int MAX_HEADER_SIZE = 3 + 11 + 4;

    /** A delivered message with its payload copied out, comparable by value. */
    private record Delivered(int chunkStreamId, int typeId, long timestamp, int messageStreamId, String payloadHex) {

        /** Copies {@code m} and releases its payload, as every receiver must. */
        static Delivered take(RawMessage m) {
            try {
                assertTrue(m.payload().readableBytes() <= LIMITS.maxMessageLength(),
                        () -> "message of " + m.payload().readableBytes() + " bytes over the limit");
                return new Delivered(m.chunkStreamId(), m.typeId(), m.timestamp(), m.messageStreamId(),
                        ByteBufUtil.hexDump(m.payload()));
            } finally {
                m.payload().release();
            }
        }

        RawMessage raw() {
            return new RawMessage(chunkStreamId, typeId, timestamp, messageStreamId,
                    Unpooled.wrappedBuffer(HexFormat.of().parseHex(payloadHex)));
        }
    }

    /** What a decoder made of a stream: the messages, then the refusal's message if the stream was refused. */
    private record Outcome(List<Delivered> messages, String refusal) {
    }

    @FuzzTest
    void chunkStreamDecodesAlikeInAnyPiecesAndRechunksToTheSameMessages(byte[] stream) {
        Outcome atOnce = decode(stream, new int[] {stream.length});

        assertEquals(atOnce, decode(stream, Pieces.of(stream)), "read in pieces");
        assertEquals(atOnce.messages(), rechunked(atOnce.messages()), "chunked again");
    }

    private static Outcome decode(byte[] stream, int[] pieces) {
        RecordingAllocator allocator = new RecordingAllocator();
        ChunkDecoder decoder = new ChunkDecoder(LIMITS, allocator);
        List<Delivered> messages = new ArrayList<>();
        ByteBuf unread = Unpooled.buffer();
        String refusal = null;
        try {
            int fed = 0;
            for (int piece : pieces) {
                unread.writeBytes(stream, fed, piece);
                fed += piece;
                decoder.decode(unread, m -> messages.add(Delivered.take(m)));
                assertWithinBounds(decoder, unread);
                unread.discardReadBytes();
            }
        } catch (ChunkException e) {
            refusal = e.getMessage();
        } finally {
            decoder.releasePartials();
            unread.release();
        }
        allocator.assertAllReleased();
        return new Outcome(messages, refusal);
    }

    private static void assertWithinBounds(ChunkDecoder decoder, ByteBuf unread) {
        int buffered = decoder.bufferedBytes();
        assertTrue(buffered >= 0 && buffered <= LIMITS.maxBufferedBytes(),
                () -> "partial messages hold " + buffered + " bytes");
        // Whatever is left must be part of one chunk: with a whole chunk readable, the decoder has stalled.
        assertTrue(unread.readableBytes() < MAX_HEADER_SIZE + decoder.chunkSize(),
                () -> unread.readableBytes() + " bytes left unread at chunk size " + decoder.chunkSize());
    }

    /** Each message chunked by the encoder at the chunk size in force, into a decoder that saw the ones before. */
    private static List<Delivered> rechunked(List<Delivered> messages) {
        RecordingAllocator allocator = new RecordingAllocator();
        ChunkDecoder decoder = new ChunkDecoder(LIMITS, allocator);
        List<Delivered> again = new ArrayList<>();
        for (Delivered m : messages) {
            RawMessage raw = m.raw();
            ByteBuf chunks = Unpooled.buffer();
            try {
                ChunkEncoder.encode(raw, decoder.chunkSize(), chunks);
                decoder.decode(chunks, r -> again.add(Delivered.take(r)));
                assertFalse(chunks.isReadable(), () -> chunks.readableBytes() + " bytes of " + m + " left unread");
            } finally {
                chunks.release();
                raw.payload().release();
            }
        }
        decoder.releasePartials();
        allocator.assertAllReleased();
        return again;
    }
}
