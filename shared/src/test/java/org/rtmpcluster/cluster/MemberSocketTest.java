package org.rtmpcluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The member port of a real member: where it listens. */
class MemberSocketTest {

    /**
     * On Linux all of 127/8 is loopback: a socket bound to the wildcard accepts on 127.0.0.2 too, one bound to
     * CLUSTER_HOST (127.0.0.1) refuses there.
     */
    @Test
    void theMemberPortListensOnClusterHostOnly() throws IOException {
        HazelcastInstance hz = OneMember.start("bound");
        try {
            int port = hz.getCluster().getLocalMember().getAddress().getPort();
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket other = new Socket()) {
                    other.connect(new InetSocketAddress("127.0.0.2", port), 2000);
                }
            }, "the member port answered on 127.0.0.2: it listens on every interface, not on CLUSTER_HOST");
        } finally {
            hz.shutdown();
        }
    }
}
