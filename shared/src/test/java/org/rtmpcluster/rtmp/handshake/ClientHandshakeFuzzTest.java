package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtmpcluster.rtmp.handshake.PeerBytes.SIZE;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.rtmpcluster.rtmp.handshake.PeerBytes.Outcome;

/**
 * Fuzz target: the bytes a server (an origin, or any upstream an edge pulls from) sends our client before the chunk
 * stream (RTMP 1.0 §5.2). Whatever they are, the client refuses an S0 other than 3 with a {@link
 * HandshakeException} and nothing else; otherwise it writes C2 exactly once, as soon as S1 is complete, is done
 * exactly when S2 is, and leaves every byte after S2 unread ({@link PeerBytes}); read in pieces it writes the same
 * C2 as read at once; and C2 is what {@link ReferenceHandshake} (librtmp's arithmetic) expects: signed over S1's
 * digest exactly when S1 has a nonzero version and a valid server digest, else S1 echoed. Seeds are in {@code
 * ClientHandshakeFuzzTestInputs/}.
 */
class ClientHandshakeFuzzTest {

    @FuzzTest
    void serverBytesGetOneC2OrAHandshakeException(byte[] fromServer) {
        PeerBytes.assertAnsweredAlike(fromServer, ClientHandshakeFuzzTest::newClient, SIZE,
                ClientHandshakeFuzzTest::assertC2IsWhatLibrtmpExpects);
    }

    private static PeerBytes.Side newClient() {
        ClientHandshake client = new ClientHandshake(new SplittableRandom(17), 0x0A0B0C0D);
        ByteBuf c0c1 = Unpooled.buffer();
        client.start(c0c1); // C0+C1 depend on the seed alone
        c0c1.release();
        return new PeerBytes.Side(client::feed, client::serverDigestValid);
    }

    private static void assertC2IsWhatLibrtmpExpects(byte[] s1, Outcome outcome) {
        byte[] c2 = outcome.answer();
        int digestPos = serverDigestPos(s1);

        assertEquals(!PeerBytes.zeroVersion(s1) && digestPos >= 0, outcome.digest(), "signed C2");
        if (outcome.digest()) {
            byte[] expected = ReferenceHandshake.expectedSignature(c2, s1, digestPos,
                    ReferenceHandshake.GENUINE_FP_KEY);
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
