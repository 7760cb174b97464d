package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text a peer chose (command names, app names) ends up in the one line the server logs when it drops the peer. It
 * must stay one line of bounded length: no line breaks that forge further log lines (CWE-117), no megabyte names.
 */
@Timeout(20)
class LogInjectionTest extends AttackTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    private static final String FORGED = "\r\n00:00:00.000 INFO [org.rtmpcluster.rtmp.net.RtmpConnection] closing"
            + " 10.0.0.1:1935: forged";
    /** Names are clipped to 64 characters wherever the server quotes them; a line several times that is plenty. */
    private static final int LONGEST_REASON = 512;


    @Test
    void lineBreaksInCommandNameBeforeConnectStayOnOneLogLine() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.command(0, "publish" + FORGED, 1.0, null));
            node.assertClosed(peer, PROMPTLY, "before connect");
            assertOneLine(node.closeReason(peer));
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void lineBreaksInConnectAppNameStayOnOneLogLine() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.connect("live" + FORGED));
            node.assertClosed(peer, PROMPTLY, "invalid app name");
            assertOneLine(node.closeReason(peer));
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void megabyteCommandNameIsNotCopiedIntoTheLog() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.command(0, "x".repeat(1 << 19), 1.0, null)); // AMF0 long string, within limits
            node.assertClosed(peer, PROMPTLY, "before connect");
            String reason = node.closeReason(peer);
            assertTrue(reason.length() <= LONGEST_REASON, () -> "the close reason is " + reason.length()
                    + " characters, most of them the peer's command name: " + reason.substring(0, 100) + "...");
        }
        node.assertUnharmed(bystanders);
    }

    private static void assertOneLine(String reason) {
        assertFalse(reason.contains("\n") || reason.contains("\r"), "a peer's text split the close line: \""
                + reason.replace("\r", "\\r").replace("\n", "\\n") + "\"");
    }
}
