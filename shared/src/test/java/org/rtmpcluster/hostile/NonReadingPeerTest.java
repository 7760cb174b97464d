package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.time.Duration;

/**
 * Peers that make us answer and never read what we answer: every reply counts against the connection's bound,
 * so such a peer is closed with one logged line once 256 KiB of our replies wait unsent
 * ({@code Backpressure.MAX_QUEUED_CONTROL_BYTES}), whatever it goes on sending, and the legitimate player gets every
 * frame.
 *
 * <p>What the node holds for such a peer is bounded by that close: without the bound the peer would never be closed
 * (it sends until it is, or fails after {@link #CLOSE_LIMIT}). Every buffer of the closed connection is released,
 * or Netty's paranoid leak detection fails the class ({@code LeakCheck}). The heap is not sampled: it is the test
 * JVM's, what a collection leaves in it varies with the collector and the load, and a growth bound loose enough for
 * that noise could not see a connection's 256 KiB left behind. One attack shows all this: a flood is slow to serve
 * on a loaded machine with paranoid leak detection, so each test makes one.
 */
@Timeout(150)
class NonReadingPeerTest extends AttackTest {
    /**
     * How long the node may take to close the peer. Our replies first fill the kernel's socket buffers (the send
     * buffer autotunes up to tcp_wmem's maximum, 4 MiB here), so the peer sends megabytes of requests before the bound
     * counts, each reply a buffer that paranoid leak detection tracks. That took 22 s on a shared 2-core machine and
     * over 30 s with a CPU burner beside it: not a figure under test.
     */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(90);
    private static final int USER_CONTROL_PING_REQUEST = 6;
    private static final int RECEIVE_BUFFER_BYTES = 4096;

    @Test
    void peerThatSendsPingsAndNeverReadsIsClosed() {
        byte[] ping = Chunks.message(Chunks.PROTOCOL_CONTROL_CHUNK_STREAM, Chunks.TYPE_USER_CONTROL, 0,
                new byte[] {0, USER_CONTROL_PING_REQUEST, 0, 0, 0, 1});
        attackOnce(ping, "peer is not reading");
    }

    @Test
    void peerThatSendsCommandsAndNeverReadsIsClosed() {
        // Each FCPublish gets a _result, as encoders expect.
        attackOnce(Chunks.command(0, "FCPublish", 5.0, null, "cam"), "peer is not reading");
    }

    private void attackOnce(byte[] request, String reason) {
        try (RawPeer peer = RawPeer.connect(node.port(), RECEIVE_BUFFER_BYTES).handshake()) {
            peer.write(Chunks.connect("live"));
            byte[] burst = repeat(request, 64 * 1024 / request.length);
            long deadline = System.nanoTime() + CLOSE_LIMIT.toNanos();
            long sent = 0;
            // Until the node gives up on us: our writes fail once it has closed (or block while it reads nothing).
            while (!peer.writeFailed() && node.closeReason(peer) == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still open after " + (sent >> 20) + " MiB of requests");
                }
                peer.write(burst);
                sent += burst.length;
            }
            node.assertClosed(peer, Duration.ofSeconds(10), reason);
        }
        node.assertUnharmed(bystanders);
    }

    private static byte[] repeat(byte[] message, int times) {
        byte[] out = new byte[message.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(message, 0, out, i * message.length, message.length);
        }
        return out;
    }
}
