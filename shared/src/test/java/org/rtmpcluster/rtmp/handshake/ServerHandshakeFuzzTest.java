package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.rtmpcluster.rtmp.handshake.ReferenceHandshake.ClientVerdict;
import org.rtmpcluster.testing.Pieces;

/**
 * Fuzz target: the bytes a client sends a server before the chunk stream (RTMP 1.0 §5.2). Whatever they are, the
 * server refuses a C0 other than 3 with a {@link HandshakeException} and nothing else; otherwise it answers
 * S0+S1+S2 exactly once, as soon as C1 is complete, is done exactly when C2 is, and leaves every byte after C2
 * unread; read in pieces it answers the same bytes as read at once; and its answer is the one {@link
 * ReferenceHandshake} (librtmp's arithmetic) expects: a digest answer exactly when C1 carries a valid player digest,
 * else the plain echo. Seeds are in {@code ServerHandshakeFuzzTestInputs/}.
 */
class ServerHandshakeFuzzTest {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;
    /** C0 + C1: what the server reads before it answers. */
    private static final int UNTIL_ANSWER = 1 + SIZE;
    /** C0 + C1 + C2: what the server reads before it is done. */
    private static final int UNTIL_DONE = 1 + 2 * SIZE;

    /** What a server made of the client's bytes. */
    private record Outcome(String answerHex, boolean usedDigest, String refusal) {
    }

    @FuzzTest
    void clientBytesGetOneAnswerOrAHandshakeException(byte[] fromClient) {
        Outcome atOnce = feed(fromClient, new int[] {fromClient.length});

        assertEquals(atOnce, feed(fromClient, Pieces.of(fromClient)), "read in pieces");
        if (atOnce.refusal() == null && fromClient.length >= UNTIL_ANSWER) {
            assertAnswerIsWhatLibrtmpExpects(Arrays.copyOfRange(fromClient, 1, UNTIL_ANSWER), atOnce);
        }
    }

    private static Outcome feed(byte[] fromClient, int[] pieces) {
        ServerHandshake server = new ServerHandshake(new SplittableRandom(11), 0x01020304);
        ByteBuf in = Unpooled.buffer();
        ByteBuf out = Unpooled.buffer();
        try {
            int fed = 0;
            for (int piece : pieces) {
                in.writeBytes(fromClient, fed, piece);
                fed += piece;
                boolean done = server.feed(in, out);
                assertEquals(fed >= UNTIL_ANSWER ? 1 + 2 * SIZE : 0, out.readableBytes(), "answer after " + fed);
                assertEquals(fed >= UNTIL_DONE, done, "done after " + fed);
                assertEquals(Math.max(0, fed - UNTIL_DONE), in.readableBytes(), "bytes left unread after " + fed);
            }
            return new Outcome(ByteBufUtil.hexDump(out), server.usedDigest(), null);
        } catch (HandshakeException e) {
            assertNotEquals(3, fromClient[0] & 0xFF, "refused C0 3: " + e.getMessage());
            assertEquals(0, out.readableBytes(), "answer before a refusal");
            return new Outcome("", false, e.getMessage());
        } finally {
            in.release();
            out.release();
        }
    }

    private static void assertAnswerIsWhatLibrtmpExpects(byte[] c1, Outcome outcome) {
        byte[] answer = HexFormat.of().parseHex(outcome.answerHex());
        byte[] s1 = Arrays.copyOfRange(answer, 1, 1 + SIZE);
        byte[] s2 = Arrays.copyOfRange(answer, 1 + SIZE, 1 + 2 * SIZE);
        int digestPos = ReferenceHandshake.clientDigestPos(c1);
        boolean zeroVersion = c1[4] == 0 && c1[5] == 0 && c1[6] == 0 && c1[7] == 0;

        assertEquals(!zeroVersion && digestPos >= 0, outcome.usedDigest(), "digest answer");
        if (outcome.usedDigest()) {
            assertEquals(ClientVerdict.GENUINE_SERVER, ReferenceHandshake.librtmpVerdict(c1, digestPos, s1, s2));
        } else {
            assertArrayEquals(new byte[4], Arrays.copyOfRange(s1, 4, 8), "plain S1 version");
            assertArrayEquals(c1, s2, "plain S2 echoes C1");
        }
    }
}
