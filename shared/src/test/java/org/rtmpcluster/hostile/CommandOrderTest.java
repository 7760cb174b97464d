package org.rtmpcluster.hostile;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.rtmp.amf.Amf0;
import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.RawMessage;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Well-formed commands in an order no client sends: publish before connect, play on a stream never created, more
 * createStream calls than a connection may make. The peer is dropped; the stream it named goes on.
 */
@Timeout(20)
class CommandOrderTest extends AttackTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);


    @Test
    void publishBeforeConnectIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            // The very stream the bystanders use: refusing it must not disturb them.
            peer.write(Chunks.command(1, "publish", 0.0, null, "cam", "live"));
            node.assertClosed(peer, PROMPTLY, "'publish' before connect");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void playOnMessageStreamNeverCreatedIsClosed() {
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            peer.write(Chunks.concat(Chunks.connect("live"), Chunks.command(0, "createStream", 2.0, null),
                    Chunks.command(7, "play", 0.0, null, "cam", -1000.0)));
            node.assertClosed(peer, PROMPTLY, "'play' on message stream 7 that was not created");
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void createStreamOverPerConnectionLimitIsClosed() {
        int limit = 8; // --max-streams-per-connection default
        try (RawPeer peer = RawPeer.connect(node.port()).handshake()) {
            ByteArrayOutputStream commands = new ByteArrayOutputStream();
            commands.writeBytes(Chunks.connect("live"));
            for (int i = 0; i <= limit; i++) {
                commands.writeBytes(Chunks.command(0, "createStream", 2.0 + i, null));
            }
            peer.write(commands.toByteArray());
            node.assertClosed(peer, PROMPTLY, "more than 8 streams on one connection");
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), createStreamResults(peer),
                    "the first " + limit + " createStream calls got stream ids 1.." + limit);
        }
        node.assertUnharmed(bystanders);
    }

    /** The stream ids in the _result answers to createStream (transactions 2 and up). */
    private static List<Object> createStreamResults(RawPeer peer) {
        return peer.receivedMessages().stream()
                .filter(m -> m.typeId() == Chunks.TYPE_COMMAND_AMF0)
                .map(CommandOrderTest::amf0Values)
                .filter(v -> v.size() > 3 && "_result".equals(v.get(0))
                        && v.get(1) instanceof Double transaction && transaction >= 2.0)
                .map(v -> v.get(3))
                .toList();
    }

    private static List<Object> amf0Values(RawMessage m) {
        ByteBuf payload = m.payload();
        return Amf0.decodeAll(payload, AmfLimits.DEFAULT);
    }
}
