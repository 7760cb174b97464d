package org.rtmpcluster.node;

import org.rtmpcluster.auth.AuthKeys;
import org.rtmpcluster.auth.AuthOptions;
import org.rtmpcluster.auth.JwtOptions;
import org.rtmpcluster.auth.WebhookOptions;
import org.rtmpcluster.budget.BudgetOptions;
import org.rtmpcluster.cluster.ClusterOptions;
import org.rtmpcluster.http.HttpOptions;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamOptions;
import org.rtmpcluster.metering.EventsOptions;
import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.ChunkLimits;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.routing.RoutingOptions;
import org.rtmpcluster.routing.ZoneCidrs;
import org.rtmpcluster.server.RtmpServerOptions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration contract: every setting has a default and can be given as an environment variable or as the
 * equivalent flag (flags win). Unknown flags and bad values are refused with one line that says what and why.
 */
public final class NodeConfig {
    static final List<Setting> SETTINGS = List.of(
            new Setting("RTMP_PORT", "1935", "RTMP listen port"),
            new Setting("HTTP_PORT", "8080", "HTTP port (API, metrics)"),
            new Setting("METRICS_STREAM_LABELS_MAX", "0",
                    "streams (first by key) that get per-stream series in /metrics; 0 for node-level only"),
            new Setting("HTTP_IDLE_TIMEOUT_MS", String.valueOf(HttpOptions.DEFAULT.idleTimeoutMillis()),
                    "an HTTP connection silent this long is closed"),
            new Setting("HTTP_MAX_CONNECTIONS", String.valueOf(HttpOptions.DEFAULT.maxConnections()),
                    "HTTP connections open at once; more are closed as they are accepted"),
            new Setting("HTTP_MAX_INITIAL_LINE", String.valueOf(HttpOptions.DEFAULT.maxInitialLineBytes()),
                    "longest HTTP request line, bytes (414 past it)"),
            new Setting("HTTP_MAX_HEADER_BYTES", String.valueOf(HttpOptions.DEFAULT.maxHeaderBytes()),
                    "most bytes of HTTP request headers (431 past them)"),
            new Setting("HTTP_MAX_BODY_BYTES", String.valueOf(HttpOptions.DEFAULT.maxBodyBytes()),
                    "largest HTTP request body (413 past it)"),
            new Setting("HTTP_RATE_PER_SECOND", String.valueOf(HttpOptions.DEFAULT.ratePerSecond()),
                    "HTTP requests per second per client address, on average (429 past it); 0: no limit"),
            new Setting("HTTP_RATE_BURST", String.valueOf(HttpOptions.DEFAULT.rateBurst()),
                    "HTTP requests a client address may make at once before its rate applies"),
            new Setting("API_MAX_QUERIES", String.valueOf(HttpOptions.DEFAULT.apiMaxQueries()),
                    "API list and stream requests in flight at once, on a worker pool of this size (503 past them)"),
            new Setting("LOCATE_MAX_WAITS", String.valueOf(HttpOptions.DEFAULT.locateMaxWaits()),
                    "locate?wait= requests waiting at once (503 past them)"),
            new Setting("BIND_HOST", "0.0.0.0", "address the listeners bind"),
            new Setting("PUBLIC_HOST", "127.0.0.1", "address other nodes use to reach this one"),
            new Setting("CLIENT_ADDRESS", "", "host:port players and publishers are sent to (locate, redirects, "
                    + "reconnect requests); empty: PUBLIC_HOST:RTMP_PORT"),
            new Setting("CLUSTER_NAME", "rtmp-cluster", "cluster to join"),
            new Setting("CLUSTER_HOST", "127.0.0.1", "address the cluster member binds and advertises"),
            new Setting("CLUSTER_PORT", "5701", "cluster member port"),
            new Setting("CLUSTER_MEMBERS", "", "comma-separated host:port seeds for TCP/IP discovery"),
            new Setting("CLUSTER_SECRET", "", "secret the cluster's nodes share (16+ bytes): links between nodes "
                    + "and members' records carry proof of it; required once publish or play takes credentials"),
            new Setting("CLUSTER_K8S_SERVICE_DNS", "",
                    "headless service DNS name for Kubernetes discovery (instead of CLUSTER_MEMBERS)"),
            new Setting("CLUSTER_JOIN_TIMEOUT_MS", "60000",
                    "how long a start may take to join the cluster (an edge waits for an origin); then exit 1"),
            new Setting("REGISTRY_TIMEOUT_MS", String.valueOf(ClusterOptions.DEFAULT_REGISTRY_TIMEOUT_MILLIS),
                    "a registry call (claim, release, refresh, lookup) unanswered this long fails"),
            new Setting("NODE_ZONE", "default", "zone the node runs in"),
            new Setting("DRAIN_TIMEOUT_MS", "30000",
                    "on SIGTERM or POST /api/v1/drain: how long connections may stay before they are closed"),
            new Setting("INSTANCES", String.valueOf(Runtime.getRuntime().availableProcessors()),
                    "event loops serving RTMP"),
            new Setting("MAX_CHUNK_SIZE", String.valueOf(ChunkLimits.DEFAULT.maxChunkSize()),
                    "largest chunk size a peer may set"),
            new Setting("MAX_MESSAGE_BYTES", String.valueOf(ChunkLimits.DEFAULT.maxMessageLength()),
                    "largest message a peer may send"),
            new Setting("MAX_CHUNK_STREAMS", String.valueOf(ChunkLimits.DEFAULT.maxChunkStreams()),
                    "chunk streams per connection"),
            new Setting("MAX_BUFFERED_BYTES", String.valueOf(ChunkLimits.DEFAULT.maxBufferedBytes()),
                    "bytes of partial messages held per connection"),
            new Setting("AMF_MAX_DEPTH", String.valueOf(AmfLimits.DEFAULT.maxDepth()), "AMF nesting depth"),
            new Setting("AMF_MAX_STRING_BYTES", String.valueOf(AmfLimits.DEFAULT.maxStringBytes()),
                    "longest AMF string"),
            new Setting("MEMORY_BUDGET_BYTES", String.valueOf(BudgetOptions.DEFAULT.memoryBytes()),
                    "memory peers may make the node hold (partial messages, queued replies, GOP caches); 0: a "
                    + "quarter of the heap, at most half of the direct memory"),
            new Setting("MAX_CONNECTIONS", String.valueOf(BudgetOptions.DEFAULT.maxConnections()),
                    "RTMP connections the node holds; more are refused at accept"),
            new Setting("MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(BudgetOptions.DEFAULT.maxConnectionsPerAddress()),
                    "RTMP connections one peer address holds (an edge pulls one per stream)"),
            new Setting("MAX_UNCONNECTED_SESSIONS", String.valueOf(BudgetOptions.DEFAULT.maxUnconnected()),
                    "RTMP connections that have not completed connect"),
            new Setting("CONNECT_TIMEOUT_MS", String.valueOf(RtmpServerOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS),
                    "time from the end of the handshake to the client's connect"),
            new Setting("MAX_STREAMS_PER_CONNECTION", String.valueOf(ConnectionOptions.DEFAULT.maxStreamsPerConnection()),
                    "createStream calls per connection"),
            new Setting("MAX_NAME_LENGTH", String.valueOf(ConnectionOptions.DEFAULT.maxNameLength()),
                    "longest app or stream name"),
            new Setting("HANDSHAKE_TIMEOUT_MS", String.valueOf(ConnectionOptions.DEFAULT.handshakeTimeoutMillis()),
                    "time to complete the handshake"),
            new Setting("IDLE_TIMEOUT_MS", String.valueOf(ConnectionOptions.DEFAULT.idleTimeoutMillis()),
                    "a silent peer is dropped after this"),
            new Setting("PING_INTERVAL_MS", String.valueOf(ConnectionOptions.DEFAULT.pingIntervalMillis()),
                    "how often a quiet peer is pinged"),
            new Setting("PLAYER_BACKLOG_BYTES", String.valueOf(ConnectionOptions.DEFAULT.writeQueueMaxBytes()),
                    "outbound backlog per connection before a player skips"),
            new Setting("PLAYER_MAX_LAG_MS", String.valueOf(StreamOptions.DEFAULT.playerMaxLagMillis()),
                    "a player behind for this long is dropped"),
            new Setting("GOP_CACHE_MAX_BYTES", String.valueOf(StreamOptions.DEFAULT.gopCacheMaxBytes()),
                    "largest GOP kept for joining players"),
            new Setting("UNPUBLISH_GRACE_MS", String.valueOf(StreamOptions.DEFAULT.unpublishGraceMillis()),
                    "players wait this long for a publisher to come back"),
            new Setting("PUBLISHER_TAKEOVER_MS", String.valueOf(StreamOptions.DEFAULT.publisherTakeoverMillis()),
                    "a new publisher replaces one that has sent no media for this long"),
            new Setting("AUDIO_COALESCE_MS", String.valueOf(StreamOptions.DEFAULT.audioCoalesceMillis()),
                    "audio waits at most this long for the next video frame, to share its write (0: never)"),
            new Setting("MAX_STREAMS", String.valueOf(StreamOptions.DEFAULT.maxStreams()),
                    "streams this node holds at most, published or pulled; a publish or pull beyond fails"),
            new Setting("EDGE_PLAY_WAIT_MS", "3000", "edge: how long a play waits for an unknown stream to appear"),
            new Setting("EDGE_UPSTREAM_IDLE_MS", "5000", "edge: an upstream closes this long after its last player"),
            new Setting("EDGE_PARENTS", "", "edge: parent edges (host:port, comma-separated) to pull through"),
            new Setting("EDGE_UPSTREAM_CONNECT_TIMEOUT_MS",
                    String.valueOf(EdgeOptions.DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MILLIS),
                    "edge: an upstream that has not answered connect (TCP, handshake, connect) by then is dropped"),
            new Setting("EDGE_UPSTREAM_PLAY_TIMEOUT_MS",
                    String.valueOf(EdgeOptions.DEFAULT_UPSTREAM_PLAY_TIMEOUT_MILLIS),
                    "edge: an upstream that has not answered play by then is dropped"),
            new Setting("EDGE_CAPACITY_PLAYERS", "0",
                    "edge: players it should take before routing prefers other edges (0: no limit)"),
            new Setting("EDGE_CAPACITY_BPS", "0",
                    "edge: egress (bits/s) it should take before routing prefers other edges (0: no limit)"),
            new Setting("EDGE_REDIRECT", "off",
                    "edge: on to answer a connect with an RTMP redirect to another edge when over capacity or draining"),
            new Setting("EDGE_REBALANCE", "off",
                    "edge: on to ask players that can reconnect (Enhanced RTMP) to move when it is over capacity"),
            new Setting("ZONE_CIDRS", "",
                    "client address ranges by zone for /api/v1/locate, e.g. eu=10.1.0.0/16,us=10.2.0.0/16"),
            new Setting("ZONE_HEADER", "X-Client-Zone",
                    "request header a geo-aware balancer sets to the client's zone, for /api/v1/locate"),
            new Setting("ZONE_ORDER", "",
                    "zones to try in order when the client's zone has no ready edge (comma-separated)"),
            new Setting("AUTH_PUBLISH", "loopback", "who may publish: open, loopback, or schemes to try in order "
                    + "(token,jwt,webhook,password; loopback may join them)"),
            new Setting("AUTH_PLAY", "open", "who may play: as AUTH_PUBLISH"),
            new Setting("AUTH_KEYS", "", "signed-token and HS256 JWT secrets, kid:secret,... (first signs)"),
            new Setting("AUTH_KEYS_FILE", "", "file of kid:secret lines, read at start (instead of AUTH_KEYS)"),
            new Setting("AUTH_MAX_TTL_S", String.valueOf(AuthOptions.DEFAULT_MAX_TTL_SECONDS),
                    "a token that expires further ahead than this is refused, seconds"),
            new Setting("AUTH_CUT_AT_EXPIRY", "off", "on to end sessions when their token expires, not only "
                    + "check it at start"),
            new Setting("AUTH_JWKS_URL", "", "where JWT public keys (ES256, EdDSA, RS256) are fetched"),
            new Setting("AUTH_JWT_ISSUER", "", "required JWT iss, when set"),
            new Setting("AUTH_JWT_AUDIENCE", "", "required JWT aud, when set"),
            new Setting("AUTH_JWT_CLAIM", JwtOptions.NONE.claim(), "JWT claim listing {action, path} permissions"),
            new Setting("AUTH_WEBHOOK_URL", "", "authorization webhook, POSTed JSON per publish and play it is listed for"),
            new Setting("AUTH_WEBHOOK_SECRET", "", "HMAC-SHA256 key that signs webhook bodies"),
            new Setting("AUTH_WEBHOOK_TIMEOUT_MS", String.valueOf(WebhookOptions.NONE.timeoutMillis()),
                    "a webhook answer later than this refuses"),
            new Setting("AUTH_WEBHOOK_MAX_IN_FLIGHT", String.valueOf(WebhookOptions.NONE.maxInFlight()),
                    "webhook requests waiting at once; more are refused"),
            new Setting("AUTH_WEBHOOK_CACHE_MS", String.valueOf(WebhookOptions.NONE.cacheMillis()),
                    "how long a webhook's yes is reused for the same request (0: never)"),
            new Setting("AUTH_USERS_FILE", "", "users and salted password hashes for authmod=adobe logins"),
            new Setting("AUTH_PASSWORD_PLAINTEXT", "off", "on to take password logins over plain RTMP from "
                    + "other hosts than loopback"),
            new Setting("AUTH_FAILURES_PER_MINUTE", String.valueOf(AuthOptions.DEFAULT_FAILURES_PER_MINUTE),
                    "refused attempts an address may make a minute before it is refused at once (0: no limit)"),
            new Setting("API_TOKEN", "", "bearer token the HTTP drain and writes require, and the stream and node "
                    + "lists when set (empty: lists open, drain over HTTP refused)"),
            new Setting("METRICS_TOKEN", "", "bearer token /metrics requires (empty: open)"),
            new Setting("EVENTS_WEBHOOK_URL", "", "where session events (publish/play start, update, stop) are "
                    + "POSTed for metering; empty: none"),
            new Setting("EVENTS_WEBHOOK_SECRET", "", "HMAC-SHA256 key that signs session event bodies"),
            new Setting("EVENTS_UPDATE_S", String.valueOf(EventsOptions.NONE.updateSeconds()),
                    "seconds between a live session's update events (a non-2xx answer ends the session)"),
            new Setting("EVENTS_QUEUE_MAX", String.valueOf(EventsOptions.NONE.queueMax()),
                    "session events waiting for delivery at most; more are dropped and counted"),
            new Setting("EVENTS_TIMEOUT_MS", String.valueOf(EventsOptions.NONE.timeoutMillis()),
                    "a session event unanswered this long is sent again later"));

    private NodeConfig() {
    }

    /** The environment variable of every setting: what a deployment may set (the Kubernetes manifests' check). */
    public static Set<String> environmentNames() {
        return SETTINGS.stream().map(Setting::env).collect(Collectors.toUnmodifiableSet());
    }

    /** Reads the settings: defaults, then {@code env}, then {@code args}. */
    public static NodeOptions parse(String role, String[] args, Map<String, String> env) {
        Map<String, Setting> byFlag = SETTINGS.stream().collect(Collectors.toMap(Setting::flag, Function.identity()));
        Map<String, String> values = new HashMap<>();
        for (Setting s : SETTINGS) {
            values.put(s.env(), env.getOrDefault(s.env(), s.defaultValue()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Setting s = byFlag.get(arg);
            if (s == null) {
                throw new ConfigException("unknown flag '" + args[i] + "' (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("flag " + arg + " needs a value");
                }
                value = args[++i];
            }
            values.put(s.env(), value);
        }
        Values v = new Values(values);
        ChunkLimits chunk = new ChunkLimits(v.integer("MAX_CHUNK_SIZE", 128, 16_777_215),
                v.integer("MAX_MESSAGE_BYTES", 1024, 16_777_215), v.integer("MAX_CHUNK_STREAMS", 4, 65_536),
                v.integer("MAX_BUFFERED_BYTES", 65_536, Integer.MAX_VALUE));
        AmfLimits amf = new AmfLimits(v.integer("AMF_MAX_DEPTH", 2, AmfLimits.MAX_DEPTH_CEILING),
                v.integer("AMF_MAX_STRING_BYTES", 256, 16 << 20), AmfLimits.DEFAULT.maxEntries());
        ConnectionOptions connection = new ConnectionOptions(chunk, amf,
                v.integer("HANDSHAKE_TIMEOUT_MS", 100, 600_000), v.integer("IDLE_TIMEOUT_MS", 1000, 3_600_000),
                v.integer("PING_INTERVAL_MS", 100, 3_600_000), v.integer("MAX_STREAMS_PER_CONNECTION", 1, 1024),
                v.integer("PLAYER_BACKLOG_BYTES", 65_536, 1 << 30), ConnectionOptions.DEFAULT.windowAckSize(),
                v.integer("MAX_NAME_LENGTH", 1, StreamKey.MAX_PART_LENGTH));
        StreamOptions streams = new StreamOptions(v.integer("GOP_CACHE_MAX_BYTES", 0, 1 << 30),
                StreamOptions.DEFAULT.gopCacheMaxMessages(), v.integer("UNPUBLISH_GRACE_MS", 0, 3_600_000),
                v.integer("PLAYER_MAX_LAG_MS", 100, 3_600_000), v.integer("PUBLISHER_TAKEOVER_MS", 100, 3_600_000),
                v.integer("AUDIO_COALESCE_MS", 0, 1000), v.integer("MAX_STREAMS", 1, 1_000_000));
        ClusterOptions cluster = new ClusterOptions(v.text("CLUSTER_NAME"), v.text("CLUSTER_HOST"),
                v.integer("CLUSTER_PORT", 1, 65_535), v.addresses("CLUSTER_MEMBERS"),
                values.get("CLUSTER_K8S_SERVICE_DNS").trim(), !"origin".equals(role),
                v.integer("CLUSTER_JOIN_TIMEOUT_MS", 1000, 600_000),
                v.integer("REGISTRY_TIMEOUT_MS", 100, 120_000), clusterSecret(values));
        EdgeOptions edge = new EdgeOptions(v.integer("EDGE_PLAY_WAIT_MS", 0, 60_000),
                v.integer("EDGE_UPSTREAM_IDLE_MS", 0, 3_600_000), v.addresses("EDGE_PARENTS"),
                v.integer("EDGE_CAPACITY_PLAYERS", 0, 10_000_000), v.longInteger("EDGE_CAPACITY_BPS", 0, 1_000_000_000_000L),
                v.onOff("EDGE_REDIRECT"), v.onOff("EDGE_REBALANCE"),
                v.integer("EDGE_UPSTREAM_CONNECT_TIMEOUT_MS", 100, 600_000),
                v.integer("EDGE_UPSTREAM_PLAY_TIMEOUT_MS", 100, 600_000));
        RoutingOptions routing;
        try {
            routing = new RoutingOptions(ZoneCidrs.parse(values.get("ZONE_CIDRS")), v.text("ZONE_HEADER"),
                    v.list("ZONE_ORDER"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value for ZONE_CIDRS: " + e.getMessage());
        }
        HttpOptions http = http(v, values);
        AuthOptions auth = auth(v, values);
        if ((role.equals("origin") || role.equals("edge")) && auth.requiresCredentials() && !cluster.hasSecret()) {
            throw new ConfigException("AUTH_PUBLISH=" + String.join(",", auth.publish()) + " AUTH_PLAY="
                    + String.join(",", auth.play()) + " take credentials: set CLUSTER_SECRET too (the same on every "
                    + "node; edges pull and forward over links that prove it, e.g. openssl rand -hex 32)");
        }
        return new NodeOptions(role, v.integer("RTMP_PORT", 0, 65_535), v.integer("HTTP_PORT", 0, 65_535),
                v.text("BIND_HOST"), v.text("PUBLIC_HOST"), cluster, v.text("NODE_ZONE"),
                v.integer("INSTANCES", 1, 256), connection, streams, edge,
                v.integer("METRICS_STREAM_LABELS_MAX", 0, 10_000), v.integer("DRAIN_TIMEOUT_MS", 0, 3_600_000),
                routing, v.clientAddress(), new BudgetOptions(v.longInteger("MEMORY_BUDGET_BYTES", 0, 1L << 50),
                        v.integer("MAX_CONNECTIONS", 1, 10_000_000), v.integer("MAX_CONNECTIONS_PER_ADDRESS", 1,
                        10_000_000), v.integer("MAX_UNCONNECTED_SESSIONS", 1, 10_000_000)),
                v.integer("CONNECT_TIMEOUT_MS", 100, 600_000), http, auth, events(v, values));
    }

    private static EventsOptions events(Values v, Map<String, String> values) {
        try {
            return new EventsOptions(values.get("EVENTS_WEBHOOK_URL").trim(),
                    values.get("EVENTS_WEBHOOK_SECRET").trim(), v.integer("EVENTS_UPDATE_S", 1, 86_400),
                    v.integer("EVENTS_QUEUE_MAX", 1, 10_000_000), v.integer("EVENTS_TIMEOUT_MS", 10, 120_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value for " + e.getMessage());
        }
    }

    private static HttpOptions http(Values v, Map<String, String> values) {
        int idle = v.integer("HTTP_IDLE_TIMEOUT_MS", 1000, 3_600_000);
        try {
            return new HttpOptions(idle,
                    v.integer("HTTP_MAX_CONNECTIONS", 1, 1_000_000), v.integer("HTTP_MAX_INITIAL_LINE", 256, 1 << 20),
                    v.integer("HTTP_MAX_HEADER_BYTES", 1024, 1 << 20), v.integer("HTTP_MAX_BODY_BYTES", 0, 1 << 20),
                    v.integer("HTTP_RATE_PER_SECOND", 0, 1_000_000), v.integer("HTTP_RATE_BURST", 1, 1_000_000),
                    v.integer("API_MAX_QUERIES", 1, 256), v.integer("LOCATE_MAX_WAITS", 1, 100_000),
                    values.get("API_TOKEN").trim(), values.get("METRICS_TOKEN").trim());
        } catch (IllegalArgumentException e) {
            // The message names the setting and the rule, never the token.
            throw new ConfigException("bad value for " + e.getMessage());
        }
    }

    private static String clusterSecret(Map<String, String> values) {
        String secret = values.get("CLUSTER_SECRET").trim();
        if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                < ClusterOptions.MIN_SECRET_BYTES) {
            throw new ConfigException("bad value for CLUSTER_SECRET: shorter than " + ClusterOptions.MIN_SECRET_BYTES
                    + " bytes (e.g. openssl rand -hex 32)");
        }
        return secret;
    }

    private static AuthOptions auth(Values v, Map<String, String> values) {
        try {
            String keysText = values.get("AUTH_KEYS").trim();
            String keysFile = values.get("AUTH_KEYS_FILE").trim();
            if (!keysText.isEmpty() && !keysFile.isEmpty()) {
                throw new IllegalArgumentException("set AUTH_KEYS or AUTH_KEYS_FILE, not both");
            }
            AuthKeys keys = AuthKeys.parse(keysFile.isEmpty() ? keysText : readFile("AUTH_KEYS_FILE", keysFile));
            return new AuthOptions(v.list("AUTH_PUBLISH"), v.list("AUTH_PLAY"), keys,
                    v.integer("AUTH_MAX_TTL_S", 1, Integer.MAX_VALUE), v.onOff("AUTH_CUT_AT_EXPIRY"),
                    new JwtOptions(values.get("AUTH_JWKS_URL").trim(), values.get("AUTH_JWT_ISSUER").trim(),
                            values.get("AUTH_JWT_AUDIENCE").trim(), v.text("AUTH_JWT_CLAIM")),
                    new WebhookOptions(values.get("AUTH_WEBHOOK_URL").trim(),
                            values.get("AUTH_WEBHOOK_SECRET").trim(), v.integer("AUTH_WEBHOOK_TIMEOUT_MS", 10, 120_000),
                            v.integer("AUTH_WEBHOOK_MAX_IN_FLIGHT", 1, 100_000),
                            v.integer("AUTH_WEBHOOK_CACHE_MS", 0, 3_600_000)),
                    values.get("AUTH_USERS_FILE").trim(), v.onOff("AUTH_PASSWORD_PLAINTEXT"),
                    v.integer("AUTH_FAILURES_PER_MINUTE", 0, 1_000_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad authorization settings: " + e.getMessage());
        }
    }

    private static String readFile(String setting, String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The --help text: every setting with its flag, environment variable and default. */
    public static String help(String role) {
        StringBuilder b = new StringBuilder("usage: java -jar " + role + ".jar [--flag value | --flag=value]...\n"
                + "Each flag has an environment variable equivalent; flags win.\n\n");
        Map<String, String> lines = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            lines.put(String.format("  %-30s %-28s", s.flag(), s.env()), s.help() + " (default: "
                    + (s.defaultValue().isEmpty() ? "none" : s.defaultValue()) + ")");
        }
        lines.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return b.toString();
    }

    private record Values(Map<String, String> raw) {
        int integer(String name, int min, int max) {
            String value = raw.get(name).trim();
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("bad value for " + name + ": '" + value + "' (expected an integer " + min
                    + ".." + max + ")");
        }

        long longInteger(String name, long min, long max) {
            String value = raw.get(name).trim();
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("bad value for " + name + ": '" + value + "' (expected an integer " + min
                    + ".." + max + ")");
        }

        boolean onOff(String name) {
            String value = raw.get(name).trim();
            return switch (value) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new ConfigException("bad value for " + name + ": '" + value + "' (expected on or off)");
            };
        }

        List<String> list(String name) {
            String value = raw.get(name).trim();
            return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
        }

        String text(String name) {
            String value = raw.get(name).trim();
            if (value.isEmpty()) {
                throw new ConfigException("bad value for " + name + ": empty");
            }
            return value;
        }

        /** CLIENT_ADDRESS: one host:port, or empty for the node's own. */
        String clientAddress() {
            List<String> one = addresses("CLIENT_ADDRESS");
            if (one.size() > 1) {
                throw new ConfigException("bad value for CLIENT_ADDRESS: one host:port, not a list");
            }
            return one.isEmpty() ? "" : one.get(0);
        }

        List<String> addresses(String name) {
            String value = raw.get(name).trim();
            if (value.isEmpty()) {
                return List.of();
            }
            List<String> members = Arrays.stream(value.split(",")).map(String::trim).toList();
            for (String m : members) {
                int colon = m.lastIndexOf(':');
                if (colon <= 0 || !m.substring(colon + 1).matches("\\d{1,5}")) {
                    throw new ConfigException("bad value for " + name + ": '" + m + "' (expected host:port)");
                }
            }
            return members;
        }
    }
}
