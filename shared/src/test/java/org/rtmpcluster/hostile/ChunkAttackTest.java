package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

/**
 * Chunk-layer abuse after a valid handshake (RTMP 1.0 §5.3, §5.4): every size read off the wire is held to the
 * node's limits, and a peer that crosses one is dropped at once, without the server waiting for (or allocating) what
 * the header promised.
 */
@Timeout(20)
class ChunkAttackTest extends AttackTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    private static final int VIDEO = 9;
    /** The lowest the node allows, so that crossing it takes kilobytes, not the default 16 MiB. */
    private static final int MAX_BUFFERED_BYTES = 65_536;

    @Override
    protected String[] nodeFlags() {
        return new String[] {"--max-buffered-bytes", String.valueOf(MAX_BUFFERED_BYTES)};
    }

    @Test
    void setChunkSizeZeroIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.setChunkSize(0));
            node.assertClosed(peer, PROMPTLY, "chunk size 0 out of range 1..16777215");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void setChunkSizeOverMaximumIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.setChunkSize(0x7FFF_FFFFL)); // nginx-rtmp #1042: a 2 GB allocation
            node.assertClosed(peer, PROMPTLY, "chunk size 2147483647 out of range 1..16777215");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void messageLengthOverLimitIsClosedFromTheHeaderAlone() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            // Only the header: the server must refuse on the declared length, not wait for or buffer the body.
            peer.write(Chunks.fmt0Header(Chunks.COMMAND_CHUNK_STREAM, 0, 0xFF_FFFF, Chunks.TYPE_COMMAND_AMF0, 0));
            node.assertClosed(peer, PROMPTLY, "message length 16777215 over limit 8388608");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void thousandPartialChunkStreamsAreClosedAtTheLimitOf64() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            // Chunk size 1, so each type-0 chunk carries one byte of its 1000-byte message and leaves it open.
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            attack.writeBytes(Chunks.setChunkSize(1));
            for (int chunkStream = 3; chunkStream < 1003; chunkStream++) {
                attack.writeBytes(Chunks.fmt0Header(chunkStream, 0, 1000, VIDEO, 1));
                attack.write(0x27);
            }
            peer.write(attack.toByteArray());
            node.assertClosed(peer, PROMPTLY, "over limit 64 chunk streams");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void partialMessagesOverBufferedBytesLimitAreClosed() {
        int chunkSize = 4096;
        int messageLength = 1 << 20; // each message alone is within the 8 MiB message limit
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            // Two big messages, neither ever finished, interleaved a chunk at a time (§5.3.1: chunk streams multiplex).
            ByteArrayOutputStream attack = new ByteArrayOutputStream();
            attack.writeBytes(Chunks.setChunkSize(chunkSize));
            byte[] body = new byte[chunkSize];
            for (int chunk = 0; chunk * chunkSize * 2 <= 2 * MAX_BUFFERED_BYTES; chunk++) {
                for (int chunkStream = 4; chunkStream <= 5; chunkStream++) {
                    attack.writeBytes(chunk == 0 ? Chunks.fmt0Header(chunkStream, 0, messageLength, VIDEO, 1)
                            : Chunks.basicHeader(3, chunkStream));
                    attack.writeBytes(body);
                }
            }
            peer.write(attack.toByteArray());
            node.assertClosed(peer, PROMPTLY, "over limit " + MAX_BUFFERED_BYTES);
        }
        node.assertUnharmed(bystanders);
    }

    @ParameterizedTest(name = "chunk type {0}")
    @ValueSource(ints = {1, 2, 3})
    void headerThatContinuesNothingAsFirstChunkOfChunkStreamIsClosed(int format) {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            int unused = 6;
            byte[] messageHeader = switch (format) {
                case 1 -> new byte[] {0, 0, 0, 0, 0, 4, VIDEO}; // timestamp delta, length 4, type
                case 2 -> new byte[] {0, 0, 40}; // timestamp delta only
                default -> new byte[0]; // type 3: nothing at all
            };
            peer.write(Chunks.concat(Chunks.connect("live"), Chunks.basicHeader(format, unused), messageHeader,
                    new byte[] {0x17, 1, 0, 0}));
            node.assertClosed(peer, PROMPTLY, "chunk type " + format + " on chunk stream " + unused
                    + " with no previous header");
        }
        node.assertUnharmed(bystanders);
    }
}
