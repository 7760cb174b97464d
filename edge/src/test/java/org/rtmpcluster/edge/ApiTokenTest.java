package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPublisher;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API of nodes with {@code API_TOKEN} and {@code METRICS_TOKEN} set: the drain needs the API token from
 * loopback too, the lists need it, {@code /health}, {@code /ready} and locate stay open, {@code /metrics} needs its
 * own token. A node without {@code API_TOKEN} refuses the drain over HTTP altogether ({@code HttpApiTest}'s nodes).
 */
@Timeout(120)
class ApiTokenTest {
    private static final String TOKEN = "api-0123456789abcdef0123456789abcdef";
    private static final String METRICS_TOKEN = "metrics-0123456789abcdef0123456789";
    private static final Pattern UNAUTHORIZED = Pattern.compile(
            "^http_refused_total\\{[^}]*reason=\"unauthorized\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, 1, "--api-token", TOKEN, "--metrics-token", METRICS_TOKEN);
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    @Test
    void theDrainWithoutTheTokenOrWithAWrongOneIsRefusedFromLoopbackToo() throws IOException {
        Api.Answer none = Api.post(edge, "/api/v1/drain");
        assertEquals(401, none.status(), none.body());
        assertEquals("Bearer realm=\"rtmp-cluster API\"", none.header("www-authenticate"));
        Api.Answer wrong = Api.post(edge, "/api/v1/drain", Api.bearer(TOKEN + "x"));
        assertEquals(401, wrong.status(), wrong.body());
        assertEquals("Bearer realm=\"rtmp-cluster API\", error=\"invalid_token\"", wrong.header("www-authenticate"));
        assertFalse(wrong.body().contains(TOKEN), "the answer never repeats a token: " + wrong.body());
        Api.Answer otherScheme = Api.post(edge, "/api/v1/drain", "Authorization", "Basic " + TOKEN);
        assertEquals(401, otherScheme.status(), otherScheme.body());
        Api.Answer metricsToken = Api.post(edge, "/api/v1/drain", Api.bearer(METRICS_TOKEN));
        assertEquals(401, metricsToken.status(), "the metrics token is not the API token");
        // What a page of another site can make a browser send: a form POST, no Authorization header.
        try (RawHttp http = RawHttp.connect("127.0.0.1", TestCluster.httpPort(edge))) {
            http.send("POST /api/v1/drain HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://attacker.example\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b");
            RawHttp.Response form = http.read();
            assertEquals(401, form.status(), form.body());
            assertNull(form.headers().get("access-control-allow-origin"), "no CORS grant: " + form.headers());
        }
        assertEquals(200, Api.get(edge, "/ready").status(), "the edge did not start draining");
    }

    @Test
    void theListsNeedTheTokenAndAnswerWithIt() {
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("secret-key")) {
            publisher.send(new SyntheticMedia(5).stream(0, 1, 25));
            for (String path : List.of("/api/v1/streams", "/api/v1/streams/live/secret-key", "/api/v1/nodes")) {
                Api.Answer refused = Api.get(edge, path);
                assertEquals(401, refused.status(), path + ": " + refused.body());
                assertFalse(refused.body().contains("secret-key"), path + ": " + refused.body());
                assertEquals(401, Api.get(edge, path, Api.bearer("wrong-0123456789abcdef")).status(), path);
            }
            Await.until("the stream listed with the token", () -> Api.get(edge, "/api/v1/streams/live/secret-key",
                    Api.bearer(TOKEN)).status() == 200);
            Api.Answer streams = Api.get(edge, "/api/v1/streams", Api.bearer(TOKEN));
            assertEquals(200, streams.status(), streams.body());
            assertEquals("live/secret-key", streams.json().getJsonArray("items").getJsonObject(0).getString("key"));
            assertEquals(200, Api.get(edge, "/api/v1/nodes", "authorization", "bearer " + TOKEN).status(),
                    "the scheme's name in any case (RFC 7235)");
        }
    }

    @Test
    void healthReadyLocateAndTheStatusPageStayOpen() {
        assertEquals(200, Api.get(edge, "/health").status());
        assertEquals(200, Api.get(edge, "/ready").status());
        assertEquals(200, Api.get(edge, "/status/index.html").status(), "the page itself holds no data");
        // Locate answers for the key the caller names, and names no other: players call it without a token.
        Api.Answer located = Api.get(edge, "/api/v1/locate?stream=live/nothing-here");
        assertEquals(404, located.status(), located.body());
    }

    @Test
    void metricsNeedTheMetricsTokenAndRefusalsAreCounted() {
        double before = unauthorized(Api.get(edge, "/metrics", Api.bearer(METRICS_TOKEN)).body());
        Api.Answer none = Api.get(edge, "/metrics");
        assertEquals(401, none.status(), none.body());
        assertEquals("Bearer realm=\"rtmp-cluster metrics\"", none.header("www-authenticate"));
        assertEquals(401, Api.get(edge, "/metrics", Api.bearer(TOKEN)).status(), "the API token is not the "
                + "metrics token");
        Api.Answer scraped = Api.get(edge, "/metrics", Api.bearer(METRICS_TOKEN));
        assertEquals(200, scraped.status());
        assertEquals(before + 2, unauthorized(scraped.body()), "both refusals counted");
        assertFalse(scraped.body().contains(TOKEN) || scraped.body().contains(METRICS_TOKEN), "no token in metrics");
    }

    @Test
    void theDrainWithTheTokenStartsItAndTheNodeStops() {
        Node drained = cluster.addEdge("--api-token", TOKEN, "--drain-timeout-ms", "1000");
        Api.Answer drain = Api.post(drained, "/api/v1/drain", Api.bearer(TOKEN));
        assertEquals(202, drain.status(), drain.body());
        assertEquals("draining", drain.json().getString("state"));
        assertEquals(1000, drain.json().getLong("drainTimeoutMs"));
        TestNode.await(drained.stopped());
    }

    private static double unauthorized(String metrics) {
        Matcher m = UNAUTHORIZED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
