package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.rtmpcluster.testing.Pieces;

/**
 * How the handshake fuzz targets feed one side the other side's bytes: at once and piece by piece, checking after
 * each piece that the side wrote its answer exactly once, as soon as the peer's first packet was complete, was done exactly
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

    /**
     * Feeds {@code fromPeer} to a new side at once and to another in pieces ({@link Pieces}): both must answer alike.
     * If the peer's first packet was complete and not refused, {@code verdict} judges it with the answer.
     *
     * @param answerSize what the side writes once, when the peer's first packet is complete
     */
    static void assertAnsweredAlike(byte[] fromPeer, Supplier<Side> newSide, int answerSize,
                                    BiConsumer<byte[], Outcome> verdict) {
        Outcome atOnce = feed(newSide.get(), fromPeer, new int[] {fromPeer.length}, answerSize);

        assertEquals(atOnce, feed(newSide.get(), fromPeer, Pieces.of(fromPeer), answerSize), "read in pieces");
        if (atOnce.refusal() == null && fromPeer.length >= UNTIL_ANSWER) {
            verdict.accept(Arrays.copyOfRange(fromPeer, 1, UNTIL_ANSWER), atOnce);
        }
    }

    private static Outcome feed(Side side, byte[] fromPeer, int[] pieces, int answerSize) {
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
