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
import org.rtmpcluster.testing.Pieces;

/**
 * Fuzz target: the bytes a server (an origin, or any upstream an edge pulls from) sends our client before the chunk
 * stream (RTMP 1.0 §5.2). Whatever they are, the client refuses an S0 other than 3 with a {@link
 * HandshakeException} and nothing else; otherwise it writes C2 exactly once, as soon as S1 is complete, is done
 * exactly when S2 is, and leaves every byte after S2 unread; read in pieces it writes the same C2 as read at once;
 * and C2 is what {@link ReferenceHandshake} (librtmp's arithmetic) expects: signed over S1's digest exactly when S1
 * has a nonzero version and a valid server digest, else S1 echoed. Seeds are in {@code ClientHandshakeFuzzTestInputs/}.
 */
class ClientHandshakeFuzzTest {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;
    /** S0 + S1: what the client reads before it answers. */
    private static final int UNTIL_ANSWER = 1 + SIZE;
    /** S0 + S1 + S2: what the client reads before it is done. */
    private static final int UNTIL_DONE = 1 + 2 * SIZE;

    /** What a client made of the server's bytes. */
    private record Outcome(String c2Hex, boolean signed, String refusal) {
    }

    @FuzzTest
    void serverBytesGetOneC2OrAHandshakeException(byte[] fromServer) {
        Outcome atOnce = feed(fromServer, new int[] {fromServer.length});

        assertEquals(atOnce, feed(fromServer, Pieces.of(fromServer)), "read in pieces");
        if (atOnce.refusal() == null && fromServer.length >= UNTIL_ANSWER) {
            assertC2IsWhatLibrtmpExpects(Arrays.copyOfRange(fromServer, 1, UNTIL_ANSWER), atOnce);
        }
    }

    private static Outcome feed(byte[] fromServer, int[] pieces) {
        ClientHandshake client = new ClientHandshake(new SplittableRandom(17), 0x0A0B0C0D);
        ByteBuf in = Unpooled.buffer();
        ByteBuf out = Unpooled.buffer();
        try {
            client.start(out);
            out.clear(); // C0+C1 depend on the seed alone
            int fed = 0;
            for (int piece : pieces) {
                in.writeBytes(fromServer, fed, piece);
                fed += piece;
                boolean done = client.feed(in, out);
                assertEquals(fed >= UNTIL_ANSWER ? SIZE : 0, out.readableBytes(), "C2 after " + fed);
                assertEquals(fed >= UNTIL_DONE, done, "done after " + fed);
                assertEquals(Math.max(0, fed - UNTIL_DONE), in.readableBytes(), "bytes left unread after " + fed);
            }
            return new Outcome(ByteBufUtil.hexDump(out), client.serverDigestValid(), null);
        } catch (HandshakeException e) {
            assertNotEquals(3, fromServer[0] & 0xFF, "refused S0 3: " + e.getMessage());
            assertEquals(0, out.readableBytes(), "C2 before a refusal");
            return new Outcome("", false, e.getMessage());
        } finally {
            in.release();
            out.release();
        }
    }

    private static void assertC2IsWhatLibrtmpExpects(byte[] s1, Outcome outcome) {
        byte[] c2 = HexFormat.of().parseHex(outcome.c2Hex());
        int digestPos = serverDigestPos(s1);
        boolean zeroVersion = s1[4] == 0 && s1[5] == 0 && s1[6] == 0 && s1[7] == 0;

        assertEquals(!zeroVersion && digestPos >= 0, outcome.signed(), "signed C2");
        if (outcome.signed()) {
            byte[] expected = ReferenceHandshake.expectedSignature(c2, s1, digestPos, ReferenceHandshake.GENUINE_FP_KEY);
            assertArrayEquals(expected, Arrays.copyOfRange(c2, SIZE - 32, SIZE), "C2 signature over S1's digest");
        } else {
            assertArrayEquals(s1, c2, "plain C2 echoes S1");
        }
    }

    /** Where S1 carries a valid server digest, key block first as ffmpeg checks it, or -1. */
    private static int serverDigestPos(byte[] s1) {
        for (int pos : new int[] {ReferenceHandshake.getDigestOffset2(s1), ReferenceHandshake.getDigestOffset1(s1)}) {
            if (ReferenceHandshake.verifyDigest(pos, s1, ReferenceHandshake.GENUINE_FMS_KEY, 36)) {
                return pos;
            }
        }
        return -1;
    }
}
