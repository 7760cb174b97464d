package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Malformed AMF0 in a connect command: nesting far past the depth limit and lengths past the end of the message. The
 * peer is dropped; nothing is thrown past the decoder (no StackOverflowError), and the node goes on serving.
 */
@Timeout(20)
class AmfAttackTest extends AttackTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    private static final int OBJECT = 0x03;
    private static final int STRING = 0x02;
    private static final int OBJECT_END = 0x09;
    private static final int LONG_STRING = 0x0C;


    @Test
    void tenThousandNestedObjectsInConnectAreClosedWithoutStackOverflow() {
        int depth = 10_000;
        ByteArrayOutputStream amf = new ByteArrayOutputStream();
        amf.writeBytes(Chunks.amf0("connect", 1.0));
        // {a: {a: {a: ... {} ...}}}, well formed all the way down and back up (AMF0 §2.5).
        for (int i = 0; i < depth; i++) {
            amf.write(OBJECT);
            amf.writeBytes(new byte[] {0, 1, 'a'});
        }
        amf.writeBytes(new byte[] {OBJECT, 0, 0, OBJECT_END});
        for (int i = 0; i < depth; i++) {
            amf.writeBytes(new byte[] {0, 0, OBJECT_END});
        }
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.message(Chunks.COMMAND_CHUNK_STREAM, Chunks.TYPE_COMMAND_AMF0, 0, amf.toByteArray()));
            node.assertClosed(peer, PROMPTLY, "nesting depth 33 exceeds limit 32");
        }
        node.assertUnharmed(bystanders);
        RawPeer.connect(node.port()).handshake().close(); // and a newcomer still gets through the handshake
    }

    @Test
    void longStringOverStringLimitInConnectIsClosed() {
        int length = 2 << 20; // the default limit is 1 MiB; the message itself is within the 8 MiB limit
        ByteArrayOutputStream amf = new ByteArrayOutputStream();
        amf.writeBytes(Chunks.amf0("connect", 1.0));
        amf.write(OBJECT);
        amf.writeBytes(new byte[] {0, 3});
        amf.writeBytes("app".getBytes(StandardCharsets.US_ASCII));
        amf.writeBytes(new byte[] {LONG_STRING, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length});
        amf.writeBytes(new byte[length]);
        amf.writeBytes(new byte[] {0, 0, OBJECT_END});
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.message(Chunks.COMMAND_CHUNK_STREAM, Chunks.TYPE_COMMAND_AMF0, 0, amf.toByteArray()));
            node.assertClosed(peer, PROMPTLY, "length " + length + " exceeds limit 1048576");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void stringLengthPastEndOfConnectIsClosed() {
        ByteArrayOutputStream amf = new ByteArrayOutputStream();
        amf.writeBytes(Chunks.amf0("connect", 1.0));
        amf.write(OBJECT);
        amf.writeBytes(new byte[] {0, 3});
        amf.writeBytes("app".getBytes(StandardCharsets.US_ASCII));
        // The app string says 65535 bytes; the message ends 3 bytes later.
        amf.writeBytes(new byte[] {STRING, (byte) 0xFF, (byte) 0xFF, 'l', 'i', 'v'});
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.message(Chunks.COMMAND_CHUNK_STREAM, Chunks.TYPE_COMMAND_AMF0, 0, amf.toByteArray()));
            node.assertClosed(peer, PROMPTLY, "need 65535 bytes, 3 readable");
        }
        node.assertUnharmed(bystanders);
    }
}
