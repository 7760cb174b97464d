package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TcpConnectionsTest {
    // /proc/net/tcp6 as this machine writes it: a JVM's sockets to 127.0.0.1 appear as ::ffff:127.0.0.1.
    private static final List<String> TCP6 = List.of(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue"
                    + " tr tm->when retrnsmt   uid  timeout inode",
            // listening on 20615: not a connection
            "   0: 00000000000000000000000000000000:5087 00000000000000000000000000000000:0000 0A 00000000:00000000"
                    + " 00:00000000 00000000     0        0 555596 1 00000000b070d617 100 0 0 10 0",
            // 127.0.0.1:40000 -> 127.0.0.1:20615, established, ours
            "   1: 0000000000000000FFFF00000100007F:9C40 0000000000000000FFFF00000100007F:5087 01 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1001 1 0000000000000000 20 4 30 10 -1",
            // 127.0.0.1:40002 -> 20615, closed by the peer, not by us yet: still ours
            "   2: 0000000000000000FFFF00000100007F:9C42 0000000000000000FFFF00000100007F:5087 08 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1",
            // 127.0.0.1:40004 -> 20615, established, another process's
            "   3: 0000000000000000FFFF00000100007F:9C44 0000000000000000FFFF00000100007F:5087 01 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1",
            // 127.0.0.1:40006 -> 20615, FIN_WAIT2: we closed it
            "   4: 0000000000000000FFFF00000100007F:9C46 0000000000000000FFFF00000100007F:5087 05 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1004 1 0000000000000000 20 4 30 10 -1",
            // 127.0.0.1:40008 -> 5701 (the cluster port), established, ours
            "   5: 0000000000000000FFFF00000100007F:9C48 0000000000000000FFFF00000100007F:1645 01 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1005 1 0000000000000000 20 4 30 10 -1");

    @Test
    void countsOnlyOurEstablishedAndCloseWaitConnectionsToThePort() {
        List<TcpConnections.Connection> held = TcpConnections.parse(TCP6, Set.of(1001L, 1002L, 1004L, 1005L), 20615);

        assertEquals(List.of(new TcpConnections.Connection(40000, TcpConnections.ESTABLISHED),
                new TcpConnections.Connection(40002, TcpConnections.CLOSE_WAIT)), held);
    }

    @Test
    void readsIpv4Tables() {
        List<String> tcp = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:9C40 0100007F:5087 01 00000000:00000000 00:00000000 00000000     0        0 77 1 0");

        assertEquals(List.of(new TcpConnections.Connection(40000, TcpConnections.ESTABLISHED)),
                TcpConnections.parse(tcp, Set.of(77L), 20615));
    }

    @Test
    void findsThisProcesssOwnConnection() throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
             var accepted = server.accept()) {
            TcpConnections.Held held = TcpConnections.of(ProcessHandle.current().pid(), server.getLocalPort());

            assertEquals(List.of(new TcpConnections.Connection(client.getLocalPort(), TcpConnections.ESTABLISHED)),
                    held.connections());
        }
    }
}
