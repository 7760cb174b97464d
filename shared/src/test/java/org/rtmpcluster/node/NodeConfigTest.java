package org.rtmpcluster.node;

import org.junit.jupiter.api.Test;
import org.rtmpcluster.http.HttpOptions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration contract: defaults, env, flags (which win), and one clear line for what is wrong. */
class NodeConfigTest {

    @Test
    void defaultsApplyWithNothingGiven() {
        NodeOptions o = NodeConfig.parse("origin", new String[0], Map.of());
        assertEquals(1935, o.rtmpPort());
        assertEquals(8080, o.httpPort());
        assertEquals("0.0.0.0", o.bindHost());
        assertEquals(5701, o.cluster().port());
        assertEquals(List.of(), o.cluster().members());
        assertEquals(false, o.cluster().liteMember());
        assertEquals(60_000, o.cluster().joinTimeoutMillis());
    }

    @Test
    void clusterJoinTimeoutIsBounded() {
        assertEquals(5000, NodeConfig.parse("edge", new String[] {"--cluster-join-timeout-ms", "5000"}, Map.of())
                .cluster().joinTimeoutMillis());
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("edge", new String[0], Map.of("CLUSTER_JOIN_TIMEOUT_MS", "999")));
        assertEquals("bad value for CLUSTER_JOIN_TIMEOUT_MS: '999' (expected an integer 1000..600000)",
                e.getMessage());
    }

    @Test
    void registryTimeoutDefaultsToFiveSecondsAndIsBounded() {
        assertEquals(5000, NodeConfig.parse("origin", new String[0], Map.of()).cluster().registryTimeoutMillis());
        assertEquals(800, NodeConfig.parse("edge", new String[] {"--registry-timeout-ms", "800"}, Map.of())
                .cluster().registryTimeoutMillis());
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("edge", new String[0], Map.of("REGISTRY_TIMEOUT_MS", "0")));
        assertEquals("bad value for REGISTRY_TIMEOUT_MS: '0' (expected an integer 100..120000)", e.getMessage());
    }

    @Test
    void httpLimitsHaveDefaultsAndAreBounded() {
        assertEquals(HttpOptions.DEFAULT, NodeConfig.parse("origin", new String[0], Map.of()).http());
        HttpOptions set = NodeConfig.parse("edge", new String[] {"--api-max-queries", "2", "--http-rate-per-second",
                "0", "--http-idle-timeout-ms", "5000"}, Map.of("LOCATE_MAX_WAITS", "3")).http();
        assertEquals(2, set.apiMaxQueries());
        assertEquals(0, set.ratePerSecond(), "0: no rate limit");
        assertEquals(5000, set.idleTimeoutMillis());
        assertEquals(3, set.locateMaxWaits());
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("edge", new String[] {"--api-max-queries", "0"}, Map.of()));
        assertEquals("bad value for API_MAX_QUERIES: '0' (expected an integer 1..256)", e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("edge", new String[0], Map.of("HTTP_MAX_CONNECTIONS", "0")));
        assertEquals("bad value for HTTP_MAX_CONNECTIONS: '0' (expected an integer 1..1000000)", e.getMessage());
    }

    @Test
    void authorizationDefaultsToLocalPublishingAndOpenPlayingAndRefusesWhatCannotWork(@org.junit.jupiter.api.io.TempDir
                                                                                         java.nio.file.Path dir)
            throws java.io.IOException {
        var defaults = NodeConfig.parse("origin", new String[0], Map.of()).auth();
        assertEquals(java.util.List.of("loopback"), defaults.publish());
        assertEquals(java.util.List.of("open"), defaults.play());
        assertEquals("publish loopback, play open", defaults.describe());
        java.nio.file.Path keys = java.nio.file.Files.writeString(dir.resolve("keys"),
                "# rotation\nnew:0123456789abcdef-new\nold:0123456789abcdef-old\n");
        var fromFile = NodeConfig.parse("edge", new String[] {"--auth-play", "loopback, token",
                "--auth-keys-file", keys.toString()}, Map.of("AUTH_PUBLISH", "token", "CLUSTER_SECRET",
                "0123456789abcdef-cluster")).auth();
        assertEquals(java.util.List.of("loopback", "token"), fromFile.play());
        assertEquals("new", fromFile.keys().signingKid());
        for (var bad : Map.of(
                "bad authorization settings: AUTH_PUBLISH lists token: set AUTH_KEYS or AUTH_KEYS_FILE",
                new String[] {"--auth-publish", "token"},
                "bad authorization settings: AUTH_PLAY: unknown scheme 'tokens' (one of [open, loopback, token, jwt,"
                        + " webhook, password])", new String[] {"--auth-play", "tokens"},
                "bad authorization settings: the secret of key 'k' is shorter than 16 bytes",
                new String[] {"--auth-keys", "k:short"},
                "bad authorization settings: set AUTH_KEYS or AUTH_KEYS_FILE, not both",
                new String[] {"--auth-keys", "k:0123456789abcdef", "--auth-keys-file", keys.toString()},
                "AUTH_PUBLISH=loopback AUTH_PLAY=token take credentials: set CLUSTER_SECRET too (the same on every "
                        + "node; edges pull and forward over links that prove it, e.g. openssl rand -hex 32)",
                new String[] {"--auth-keys", "k:0123456789abcdef", "--auth-play", "token"},
                "bad value for CLUSTER_SECRET: shorter than 16 bytes (e.g. openssl rand -hex 32)",
                new String[] {"--cluster-secret", "short"}).entrySet()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> NodeConfig.parse("origin", bad.getValue(), Map.of()));
            assertEquals(bad.getKey(), e.getMessage());
        }
    }

    @Test
    void apiAndMetricsTokensAreReadAndABadOneStopsTheNodeWithoutBeingPrinted() {
        HttpOptions none = NodeConfig.parse("origin", new String[0], Map.of()).http();
        assertEquals("", none.apiToken(), "no token by default: lists open, the drain over HTTP refused");
        assertEquals("", none.metricsToken());
        HttpOptions set = NodeConfig.parse("edge", new String[] {"--api-token", "0123456789abcdef0123"},
                Map.of("METRICS_TOKEN", " metrics-0123456789abcdef\n")).http();
        assertEquals("0123456789abcdef0123", set.apiToken());
        assertEquals("metrics-0123456789abcdef", set.metricsToken(), "trimmed, as a file's last newline");
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("edge", new String[0], Map.of("API_TOKEN", "hunter2")));
        assertEquals("bad value for API_TOKEN: 7 characters, expected 16..512 (e.g. openssl rand -hex 32)",
                e.getMessage());
    }

    @Test
    void environmentIsReadAndFlagsWin() {
        NodeOptions o = NodeConfig.parse("edge", new String[] {"--rtmp-port", "1937", "--node-zone=eu-1"},
                Map.of("RTMP_PORT", "1936", "CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701", "HTTP_PORT", "9000"));
        assertEquals(1937, o.rtmpPort());
        assertEquals(9000, o.httpPort());
        assertEquals("eu-1", o.zone());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), o.cluster().members());
        assertTrue(o.cluster().liteMember(), "edges are lite members");
    }

    @Test
    void environmentNamesAreEverySettingsVariable() {
        assertEquals(NodeConfig.SETTINGS.size(), NodeConfig.environmentNames().size());
        assertTrue(NodeConfig.environmentNames().containsAll(List.of("RTMP_PORT", "CLUSTER_K8S_SERVICE_DNS",
                "DRAIN_TIMEOUT_MS", "NODE_ZONE")));
    }

    @Test
    void unknownFlagIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("origin", new String[] {"--rtmp-prot", "1"}, Map.of()));
        assertEquals("unknown flag '--rtmp-prot' (see --help)", e.getMessage());
    }

    @Test
    void badValuesSayWhatWasExpected() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("origin", new String[0], Map.of("RTMP_PORT", "70000")));
        assertEquals("bad value for RTMP_PORT: '70000' (expected an integer 0..65535)", port.getMessage());
        ConfigException members = assertThrows(ConfigException.class,
                () -> NodeConfig.parse("origin", new String[] {"--cluster-members", "host-without-port"}, Map.of()));
        assertTrue(members.getMessage().contains("expected host:port"), members.getMessage());
        assertThrows(ConfigException.class, () -> NodeConfig.parse("origin", new String[] {"--rtmp-port"}, Map.of()));
    }

    @Test
    void clientsAreSentToTheClientAddressElseToThePublicOne() {
        assertEquals("10.0.0.5:1936", NodeConfig.parse("edge", new String[] {"--public-host", "10.0.0.5",
                "--rtmp-port", "1936"}, Map.of()).clientAddress());
        NodeOptions mapped = NodeConfig.parse("edge", new String[] {"--public-host", "10.0.0.5"},
                Map.of("CLIENT_ADDRESS", "edge-3.example.net:31935"));
        assertEquals("edge-3.example.net:31935", mapped.clientAddress());
        assertEquals("10.0.0.5:1935", mapped.rtmpAddress(), "other nodes still dial the public address");
        assertThrows(ConfigException.class, () -> NodeConfig.parse("edge", new String[0],
                Map.of("CLIENT_ADDRESS", "edge-3.example.net")));
        ConfigException two = assertThrows(ConfigException.class, () -> NodeConfig.parse("edge", new String[0],
                Map.of("CLIENT_ADDRESS", "a:1,b:2")));
        assertTrue(two.getMessage().contains("one host:port"), two.getMessage());
    }

    @Test
    void helpListsEveryFlagWithItsVariable() {
        String help = NodeConfig.help("origin");
        for (Setting s : NodeConfig.SETTINGS) {
            assertTrue(help.contains(s.flag()) && help.contains(s.env()), s.env());
        }
    }
}
