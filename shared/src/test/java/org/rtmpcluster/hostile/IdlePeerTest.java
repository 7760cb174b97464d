package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that connects and then goes silent, not even answering pings, is dropped after the idle timeout; the
 * bystanders, quiet too but answering pings, stay.
 */
@Timeout(20)
class IdlePeerTest extends AttackTest {
    private static final int IDLE_TIMEOUT_MS = 1000;
    private static final int PING_INTERVAL_MS = 200;
    private static final int USER_CONTROL_PING_REQUEST = 6;

    @Override
    protected String[] nodeFlags() {
        return new String[] {"--idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS),
                "--ping-interval-ms", String.valueOf(PING_INTERVAL_MS)};
    }

    @Test
    void connectedPeerThatIgnoresPingsIsClosedAfterIdleTimeout() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.connect("live"));
            RawPeer.Closure closure = node.assertClosed(peer, Duration.ofSeconds(4), "idle for");
            assertTrue(closure.millis() >= IDLE_TIMEOUT_MS - 100, "closed after " + closure.millis()
                    + " ms of silence, before the " + IDLE_TIMEOUT_MS + " ms idle timeout");
            long pings = peer.receivedMessages().stream()
                    .filter(m -> m.typeId() == Chunks.TYPE_USER_CONTROL
                            && m.payload().getUnsignedShort(m.payload().readerIndex()) == USER_CONTROL_PING_REQUEST)
                    .count();
            assertTrue(pings >= 2, "the silent peer was pinged before being dropped (" + pings + " pings)");
        }
        node.assertUnharmed(bystanders);
    }
}
