package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/** Peers that never complete a plain RTMP handshake are dropped; the stream beside them goes on. */
@Timeout(20)
class HandshakeAttackTest extends AttackTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Override
    protected String[] nodeFlags() {
        return new String[] {"--handshake-timeout-ms", "500"};
    }

    @Test
    void rtmpeVersionByteIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port())) {
            byte[] c0c1 = new byte[1 + RawPeer.HANDSHAKE_PACKET];
            new Random(1).nextBytes(c0c1);
            c0c1[0] = 0x06; // RTMPE, as librtmp sends it
            peer.write(c0c1);
            node.assertClosed(peer, PROMPTLY, "unsupported RTMP version 6 (RTMPE is not supported)");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void handshakeStalledAfterHundredBytesIsClosedByHandshakeTimeout() {
        try (RawPeer peer = RawPeer.connect(node.port())) {
            byte[] partial = new byte[100];
            new Random(2).nextBytes(partial);
            partial[0] = 0x03;
            peer.write(partial);
            node.assertClosed(peer, PROMPTLY, "handshake not completed within 500 ms");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void httpRequestIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port())) {
            peer.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            node.assertClosed(peer, PROMPTLY, "unsupported RTMP version 71"); // 'G'
        }
        node.assertUnharmed(bystanders);
    }
}
