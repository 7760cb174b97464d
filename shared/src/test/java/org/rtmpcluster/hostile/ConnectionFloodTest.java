package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many hostile peers at once, each completing a valid handshake and then sending random bytes: all are dropped for
 * what they sent, and the player beside them gets every frame published meanwhile.
 */
@Timeout(40)
class ConnectionFloodTest extends AttackTest {
    private static final int PEERS = 50;
    private static final int BLOCK_BYTES = 1024;
    private static final int MAX_BYTES_PER_PEER = 1 << 20;


    @Test
    void fiftyPeersSendingRandomBytesAreAllClosedWhileThePlayerGetsEveryFrame() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(PEERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                int seed = i;
                outcomes.add(attackers.submit(() -> attack(seed, go)));
            }
            node.awaitConnections(2 + PEERS); // every attacker through the handshake, none sending yet
            go.countDown();
            do {
                bystanders.publish(1, 800);
                bystanders.assertPlayerHasEverything();
            } while (!outcomes.stream().allMatch(Future::isDone));
            TreeMap<String, Integer> reasons = new TreeMap<>();
            for (Future<String> outcome : outcomes) {
                reasons.merge(outcome.get(), 1, Integer::sum); // rethrows a peer that was not closed
            }
            assertTrue(reasons.keySet().stream().allMatch(r -> r.startsWith("protocol error: ")),
                    "every random-bytes peer is dropped for a protocol error, got " + reasons);
        } finally {
            attackers.shutdownNow();
            assertTrue(attackers.awaitTermination(10, TimeUnit.SECONDS), "attackers stopped");
        }
        node.assertUnharmed(bystanders);
    }

    /** One hostile peer: handshake, then random bytes until the server stops taking them; returns the close reason. */
    private String attack(int seed, CountDownLatch go) throws InterruptedException {
        Random random = new Random(seed);
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            assertTrue(go.await(10, TimeUnit.SECONDS), "all attackers connected");
            byte[] block = new byte[BLOCK_BYTES];
            for (int sent = 0; sent < MAX_BYTES_PER_PEER && !peer.writeFailed(); sent += BLOCK_BYTES) {
                random.nextBytes(block);
                peer.write(block);
            }
            node.assertClosed(peer, Duration.ofSeconds(10), "");
            return String.valueOf(node.closeReason(peer)).replaceAll("[0-9]+", "N");
        }
    }
}
