package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.testing.Await;

import java.time.Duration;

/**
 * A player that stops reading is handled by policy, not by buffering: it falls behind, skips, and once it has been
 * behind for longer than the allowed lag it is disconnected, really (its socket closed, whether or not it ever reads
 * again), while a player that keeps up gets every frame.
 */
@Timeout(40)
class SlowPlayerTest extends AttackTest {
    private static final int MAX_LAG_MS = 500;
    private static final long SEVERAL_MEGABYTES = 6L << 20;
    private static final int RECEIVE_BUFFER_BYTES = 4096;

    @Override
    protected String[] nodeFlags() {
        return new String[] {"--player-backlog-bytes", "65536", "--player-max-lag-ms",
                String.valueOf(MAX_LAG_MS)};
    }

    @Test
    void playerThatStopsReadingIsDisconnectedWhileOthersGetEveryFrame() {
        MediaStream stream = bystanders.stream();
        try (RawPeer slow = RawPeer.connect(node.port(), RECEIVE_BUFFER_BYTES).handshake()) {
            // What a real client sends, pipelined rather than waiting for each answer; then it never reads again.
            slow.write(Chunks.concat(Chunks.connect("live"), Chunks.command(0, "createStream", 2.0, null),
                    Chunks.command(1, "play", 0.0, null, "cam", -1000.0)));
            Await.until("the slow player to join", () -> stream.stats().players() == 2);

            // Several MB, a second of 25 fps at a time; the legitimate player must have each second in full before
            // the next one goes out, so it never falls behind itself.
            long sent = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sent < SEVERAL_MEGABYTES || stream.stats().players() > 1) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the slow player is still subscribed after " + (sent >> 20)
                            + " MiB published (players " + stream.stats().players() + ")");
                }
                sent += bystanders.publish(1, 20_000);
                bystanders.assertPlayerHasEverything();
            }
            node.awaitConnections(2);
            // Without reading: a server that only pretends to have closed keeps taking our bytes and keeps its
            // backlog for us until we read it.
            slow.awaitWritesRefused(Duration.ofSeconds(5));
            node.assertClosed(slow, Duration.ofSeconds(5), "player too slow: behind for more than 500 ms");
            org.junit.jupiter.api.Assertions.assertEquals(1, stream.stats().playersTooSlow());
            org.junit.jupiter.api.Assertions.assertTrue(stream.stats().playerMessagesSkipped() > 0,
                    "the slow player skipped before it was dropped");
        }
        node.assertUnharmed(bystanders);
    }
}
