package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.rtmp.net.RtmpConnection;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that make us answer and never read what we answer: every reply counts against the connection's bound,
 * so such a peer is closed with one logged line once 256 KiB of our replies wait unsent
 * ({@code Backpressure.MAX_QUEUED_CONTROL_BYTES}), the node's heap does not grow with what it sent, and the
 * legitimate player gets every frame.
 *
 * <p>The heap is the test JVM's too, so its bound is checked as growth from one attack to the next: the first
 * attack warms pools, JIT and caches; the later ones must leave nothing behind.
 */
@Timeout(60)
class NonReadingPeerTest extends AttackTest {
    private static final int USER_CONTROL_PING_REQUEST = 6;
    private static final int RECEIVE_BUFFER_BYTES = 4096;
    /** What the heap may grow by over two more attacks once warm: the reply bound and slack for the collector. */
    private static final long HEAP_GROWTH_BOUND = 16L << 20;
    private static final int ATTACKS = 3;

    @Test
    void peerThatSendsPingsAndNeverReadsIsClosed() {
        byte[] ping = Chunks.message(Chunks.PROTOCOL_CONTROL_CHUNK_STREAM, Chunks.TYPE_USER_CONTROL, 0,
                new byte[] {0, USER_CONTROL_PING_REQUEST, 0, 0, 0, 1});
        attackWith(ping, "peer is not reading");
    }

    @Test
    void peerThatSendsCommandsAndNeverReadsIsClosed() {
        // Each FCPublish gets a _result, as encoders expect.
        attackWith(Chunks.command(0, "FCPublish", 5.0, null, "cam"), "peer is not reading");
    }

    private void attackWith(byte[] request, String reason) {
        attackOnce(request, reason);
        long warm = usedHeapAfterGc();
        for (int i = 1; i < ATTACKS; i++) {
            attackOnce(request, reason);
        }
        long growth = usedHeapAfterGc() - warm;
        assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + (growth >> 20) + " MiB over " + (ATTACKS - 1)
                + " attacks, bound " + (HEAP_GROWTH_BOUND >> 20) + " MiB");
    }

    private void attackOnce(byte[] request, String reason) {
        try (RawPeer peer = RawPeer.connect(node.port(), RECEIVE_BUFFER_BYTES).handshake()) {
            peer.write(Chunks.connect("live"));
            byte[] burst = repeat(request, 64 * 1024 / request.length);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
