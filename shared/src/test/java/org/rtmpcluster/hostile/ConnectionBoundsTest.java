package org.rtmpcluster.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.budget.ConnectionBudget;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's bounds on connections, each met by a peer that opens too many: refused at accept (closed before a
 * byte of handshake), counted by bound, and the bystanders (two connections from 127.0.0.1) unharmed.
 */
@Timeout(60)
class ConnectionBoundsTest extends AttackTest {
    private static final int MAX_CONNECTIONS = 6;
    private static final int PER_ADDRESS = 5;
    private static final int UNCONNECTED = 3;
    private static final int CONNECT_TIMEOUT_MS = 1000;

    @Override
    protected String[] nodeFlags() {
        return new String[] {"--max-connections", String.valueOf(MAX_CONNECTIONS), "--max-connections-per-address",
                String.valueOf(PER_ADDRESS), "--max-unconnected-sessions", String.valueOf(UNCONNECTED),
                "--connect-timeout-ms", String.valueOf(CONNECT_TIMEOUT_MS)};
    }

    @Test
    void anAddressPastItsBoundIsRefusedWhileAnotherIsServed() throws IOException {
        List<RawPeer> connected = new ArrayList<>();
        try {
            for (int i = 2; i < PER_ADDRESS; i++) { // the bystanders hold two
                RawPeer peer = RawPeer.connect(node.port()).handshake();
                peer.write(Chunks.connect("live"));
                connected.add(peer);
            }
            node.awaitConnections(PER_ADDRESS);
            assertRefusedAtAccept("127.0.0.1");
            assertEquals(1, refused(ConnectionBudget.Refusal.PER_ADDRESS));
            try (Socket other = from("127.0.0.2")) {
                assertTrue(answersHandshake(other), "127.0.0.2 is served while 127.0.0.1 is at its bound");
            }
        } finally {
            connected.forEach(RawPeer::close);
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void peersThatNeverConnectAreBoundedInNumberAndInTime() throws IOException {
        List<RawPeer> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < UNCONNECTED; i++) {
                waiting.add(RawPeer.connect(node.port()).handshake()); // no connect
            }
            node.awaitConnections(2 + UNCONNECTED);
            assertRefusedAtAccept("127.0.0.1");
            assertEquals(1, refused(ConnectionBudget.Refusal.UNCONNECTED));
            for (RawPeer peer : waiting) {
                // A message now and then does not keep it open (an acknowledgement, RTMP 1.0 §5.4.3).
                peer.write(Chunks.message(Chunks.PROTOCOL_CONTROL_CHUNK_STREAM, 3, 0, new byte[4]));
                RawPeer.Closure closure = node.assertClosed(peer, Duration.ofSeconds(5), "no connect within "
                        + CONNECT_TIMEOUT_MS + " ms");
                assertTrue(closure.millis() < 4 * CONNECT_TIMEOUT_MS, "closed after " + closure.millis() + " ms");
            }
            RawPeer late = RawPeer.connect(node.port()).handshake();
            waiting.add(late);
            late.write(Chunks.connect("live"));
        } finally {
            waiting.forEach(RawPeer::close);
        }
        node.assertUnharmed(bystanders);
    }

    @Test
    void theNodeTakesNoMoreThanItsConnections() throws IOException {
        List<RawPeer> connected = new ArrayList<>();
        try (Socket other = from("127.0.0.2")) {
            for (int i = 2; i < PER_ADDRESS; i++) {
                RawPeer peer = RawPeer.connect(node.port()).handshake();
                peer.write(Chunks.connect("live"));
                connected.add(peer);
            }
            assertTrue(answersHandshake(other));
            node.awaitConnections(MAX_CONNECTIONS);
            assertRefusedAtAccept("127.0.0.3");
            assertEquals(1, refused(ConnectionBudget.Refusal.CONNECTIONS));
        } finally {
            connected.forEach(RawPeer::close);
        }
        node.assertUnharmed(bystanders);
    }

    private long refused(ConnectionBudget.Refusal refusal) {
        return node.testNode().node().stats().refused(refusal);
    }

    private Socket from(String address) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    /** Sends C0+C1 and reads S0: a node that took the connection answers; one that refused it has closed it. */
    private static boolean answersHandshake(Socket s) throws IOException {
        byte[] c0c1 = new byte[1 + RawPeer.HANDSHAKE_PACKET];
        c0c1[0] = 3;
        s.getOutputStream().write(c0c1);
        InputStream in = s.getInputStream();
        return in.read() == 3;
    }

    private void assertRefusedAtAccept(String address) throws IOException {
        try (Socket s = from(address)) {
            int first;
            try {
                first = s.getInputStream().read();
            } catch (IOException reset) {
                first = -1;
            }
            assertEquals(-1, first, "a connection from " + address + " past the bound is closed before the handshake");
        }
    }
}
