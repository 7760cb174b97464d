package org.rtmpcluster.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The member configuration a node's options produce (no member is started). */
class HazelcastSetupTest {

    private static Config config(boolean lite, List<String> members, String k8sDns) {
        return HazelcastSetup.config(new ClusterOptions("prod", "10.1.2.3", 5701, members, k8sDns, lite, 30_000),
                "node-1");
    }

    @Test
    void theNodeIdTravelsAsAMemberAttribute() {
        assertEquals("node-1", config(false, List.of(), "").getMemberAttributeConfig()
                .getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE));
    }

    @Test
    void vertxFindsItsNodeIdInTheMemberItIsGiven() {
        assertEquals("node-1", config(true, List.of(), "").getMemberAttributeConfig()
                .getAttribute(HazelcastSetup.VERTX_NODE_ID_ATTRIBUTE));
    }

    @Test
    void theJoinTimeoutBoundsHazelcastsOwnJoin() {
        assertEquals("30", config(true, List.of(), "").getProperty("hazelcast.max.join.seconds"));
    }

    @Test
    void originsHoldDataAndEdgesAreLiteMembers() {
        assertFalse(config(false, List.of(), "").isLiteMember());
        assertTrue(config(true, List.of(), "").isLiteMember());
    }

    @Test
    void tcpIpDiscoveryUsesTheSeedsWithMulticastOff() {
        Config c = config(false, List.of("10.1.2.3:5701", "10.1.2.4:5701"), "");
        JoinConfig join = c.getNetworkConfig().getJoin();
        assertEquals("prod", c.getClusterName());
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getKubernetesConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.1.2.3:5701", "10.1.2.4:5701"), join.getTcpIpConfig().getMembers());
        assertEquals(5701, c.getNetworkConfig().getPort());
        assertFalse(c.getNetworkConfig().isPortAutoIncrement());
    }

    @Test
    void withoutSeedsANodeSeedsItself() {
        assertEquals(List.of("10.1.2.3:5701"), config(false, List.of(), "").getNetworkConfig().getJoin()
                .getTcpIpConfig().getMembers());
    }

    @Test
    void kubernetesDiscoveryLooksUpTheHeadlessService() {
        JoinConfig join = config(true, List.of(), "rtmp-cluster.media.svc.cluster.local").getNetworkConfig().getJoin();
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("rtmp-cluster.media.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertFalse(join.getMulticastConfig().isEnabled());
    }

    @Test
    void kubernetesDiscoveryDialsTheClusterPortNotHazelcastsDefault() {
        Config c = HazelcastSetup.config(new ClusterOptions("prod", "10.1.2.3", 5801, List.of(),
                "rtmp-cluster.media.svc.cluster.local", false, 30_000), "node-1");
        assertEquals("5801", c.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-port"));
    }

    @Test
    void deadMembersAreNoticedInSecondsAndStreamRecordsMergeByEpoch() {
        Config c = config(false, List.of(), "");
        assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("5", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals(HigherEpochMergePolicy.class.getName(),
                c.getMapConfig(StreamRegistry.MAP_NAME).getMergePolicyConfig().getPolicy());
        assertEquals(1, c.getMapConfig(StreamRegistry.MAP_NAME).getBackupCount());
    }

    @Test
    void theMemberBindsClusterHostNotEveryInterface() {
        Config c = config(false, List.of(), "");
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertEquals("10.1.2.3", c.getProperty("hazelcast.local.localAddress"));
    }
}
