package org.rtmpcluster.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.rtmpcluster.testing.TestNode;

import java.util.List;

/** A Hazelcast member of a cluster of its own, configured as our nodes are, for tests of the registries. */
final class OneMember {
    private OneMember() {
    }

    static HazelcastInstance start(String nodeId) {
        int port = TestNode.freePort();
        return Hazelcast.newHazelcastInstance(HazelcastSetup.config(new ClusterOptions("one-member-" + port,
                "127.0.0.1", port, List.of(), "", false, 30_000), nodeId));
    }
}
