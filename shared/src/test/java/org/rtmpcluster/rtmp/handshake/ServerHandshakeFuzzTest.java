package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtmpcluster.rtmp.handshake.PeerBytes.SIZE;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.rtmpcluster.rtmp.handshake.PeerBytes.Outcome;
import org.rtmpcluster.rtmp.handshake.ReferenceHandshake.ClientVerdict;

/**
 * Fuzz target: the bytes a client sends a server before the chunk stream (RTMP 1.0 §5.2). Whatever they are, the
 * server refuses a C0 other than 3 with a {@link HandshakeException} and nothing else; otherwise it answers
 * S0+S1+S2 exactly once, as soon as C1 is complete, is done exactly when C2 is, and leaves every byte after C2
 * unread ({@link PeerBytes}); read in pieces it answers the same bytes as read at once; and its answer is the one
 * {@link ReferenceHandshake} (librtmp's arithmetic) expects: a digest answer exactly when C1 carries a valid player
 * digest, else the plain echo. Seeds are in {@code ServerHandshakeFuzzTestInputs/}.
 */
class ServerHandshakeFuzzTest {

    @FuzzTest
    void clientBytesGetOneAnswerOrAHandshakeException(byte[] fromClient) {
        PeerBytes.assertAnsweredAlike(fromClient, ServerHandshakeFuzzTest::newServer, 1 + 2 * SIZE,
                ServerHandshakeFuzzTest::assertAnswerIsWhatLibrtmpExpects);
    }

    private static PeerBytes.Side newServer() {
        ServerHandshake server = new ServerHandshake(new SplittableRandom(11), 0x01020304);
        return new PeerBytes.Side(server::feed, server::usedDigest);
    }

    private static void assertAnswerIsWhatLibrtmpExpects(byte[] c1, Outcome outcome) {
        byte[] answer = outcome.answer();
        byte[] s1 = Arrays.copyOfRange(answer, 1, 1 + SIZE);
        byte[] s2 = Arrays.copyOfRange(answer, 1 + SIZE, 1 + 2 * SIZE);
        int digestPos = ReferenceHandshake.clientDigestPos(c1);

        assertEquals(!PeerBytes.zeroVersion(c1) && digestPos >= 0, outcome.digest(), "digest answer");
        if (outcome.digest()) {
            assertEquals(ClientVerdict.GENUINE_SERVER, ReferenceHandshake.librtmpVerdict(c1, digestPos, s1, s2));
        } else {
            assertArrayEquals(new byte[4], Arrays.copyOfRange(s1, 4, 8), "plain S1 version");
            assertArrayEquals(c1, s2, "plain S2 echoes C1");
        }
    }
}
