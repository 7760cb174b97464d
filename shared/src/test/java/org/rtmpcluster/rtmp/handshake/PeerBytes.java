package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * How the handshake fuzz targets feed one side the other side's bytes: piece by piece, checking after each piece
 * that the side wrote its answer exactly once, as soon as the peer's first packet was complete, was done exactly
 * when the peer's second packet was, and left every byte after that unread; a refusal may come only for a version
 * byte other than 3, and before any answer.
 */
final class PeerBytes {

    static final int SIZE = ServerHandshake.PACKET_SIZE;
    /** Version byte and first packet: what a side reads before it answers. */
    static final int UNTIL_ANSWER = 1 + SIZE;
    /** Version byte and both packets: what a side reads before it is done. */
    static final int UNTIL_DONE = 1 + 2 * SIZE;

    /**
     * The side under test, {@link ServerHandshake} or {@link ClientHandshake} after start: its feed method, and
     * whether it answered with a digest (server) or a signed C2 (client).
     */
    record Side(BiPredicate<ByteBuf, ByteBuf> feed, BooleanSupplier digest) {
    }

    /** What a side made of the peer's bytes: its answer, whether that was the digest answer, or the refusal. */
    record Outcome(String answerHex, boolean digest, String refusal) {

        byte[] answer() {
            return HexFormat.of().parseHex(answerHex);
        }
    }

    private PeerBytes() {
    }

    /** Feeds {@code fromPeer} to {@code side} in {@code pieces}; {@code answerSize} is what it writes once. */
    static Outcome feed(Side side, byte[] fromPeer, int[] pieces, int answerSize) {
        ByteBuf in = Unpooled.buffer();
        ByteBuf out = Unpooled.buffer();
        try {
            int fed = 0;
            for (int piece : pieces) {
                in.writeBytes(fromPeer, fed, piece);
                fed += piece;
                boolean done = side.feed().test(in, out);
                assertEquals(fed >= UNTIL_ANSWER ? answerSize : 0, out.readableBytes(), "answer after " + fed);
                assertEquals(fed >= UNTIL_DONE, done, "done after " + fed);
                assertEquals(Math.max(0, fed - UNTIL_DONE), in.readableBytes(), "bytes left unread after " + fed);
            }
            return new Outcome(ByteBufUtil.hexDump(out), side.digest().getAsBoolean(), null);
        } catch (HandshakeException e) {
            assertNotEquals(3, fromPeer[0] & 0xFF, "refused version 3: " + e.getMessage());
            assertEquals(0, out.readableBytes(), "answer before a refusal");
            return new Outcome("", false, e.getMessage());
        } finally {
            in.release();
            out.release();
        }
    }

    /** Whether the version field (bytes 4..7) of a first packet is zero: the plain handshake. */
    static boolean zeroVersion(byte[] packet) {
        return packet[4] == 0 && packet[5] == 0 && packet[6] == 0 && packet[7] == 0;
    }
}
