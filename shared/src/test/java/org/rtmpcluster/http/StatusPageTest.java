package org.rtmpcluster.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.interop.DumpedDom;
import org.rtmpcluster.interop.HeadlessChromium;
import org.rtmpcluster.testing.TestNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page in headless Chromium against a stand-in API whose answers the test writes: what the page does
 * with hostile names, growing counters and an API that stops answering. The real cluster behind the page is
 * edge's {@code StatusPageTest}.
 */
@Timeout(120)
class StatusPageTest {
    /** Enough virtual time for three polls 2 s apart. */
    private static final Duration THREE_POLLS = Duration.ofMillis(5000);
    /** What the stand-in origin's counter grows by between two polls: 2 Mb/s at one poll per 2 s. */
    private static final long BYTES_PER_POLL = 500_000;
    private static final String ORIGIN = "0f1e2d3c-aaaa-bbbb-cccc-000000000001";
    private static final String EDGE = "9a8b7c6d-aaaa-bbbb-cccc-000000000002";
    private static final String HOSTILE_KEY = "live/<img src=x onerror=\"document.title='owned'\">";

    private Vertx vertx;
    private HttpServer server;
    private String url;
    /** Stream-list requests answered so far; from {@link #failFrom} on, the stand-in answers 503. */
    private final AtomicInteger streamPolls = new AtomicInteger();
    private volatile int failFrom = Integer.MAX_VALUE;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/api/v1/nodes").handler(ctx -> Json.send(ctx, 200, page(new JsonArray()
                .add(node(ORIGIN, "origin", "default", 1, 1_000_000L))
                .add(node(EDGE, "edge", "<script>alert(1)</script>", 2, 2_000_000L)))));
        router.get("/api/v1/streams").handler(ctx -> {
            int poll = streamPolls.getAndIncrement();
            if (poll >= failFrom) {
                Json.error(ctx, 503, "cluster registry unavailable: test");
                return;
            }
            Json.send(ctx, 200, page(new JsonArray().add(stream(HOSTILE_KEY, 1_000_000L + poll * BYTES_PER_POLL))));
        });
        StatusPage.mount(router);
        server = TestNode.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        url = "http://127.0.0.1:" + server.actualPort() + "/";
    }

    @AfterEach
    void stop() {
        TestNode.await(vertx.close());
    }

    private static JsonObject page(JsonArray items) {
        return new JsonObject().put("itemCount", items.size()).put("pageCount", 1).put("items", items);
    }

    private static JsonObject node(String id, String role, String zone, int players, long bytesOut) {
        return new JsonObject().put("id", id).put("role", role).put("zone", zone).put("state", "ready")
                .put("figures", "known").put("players", players).put("bytesOut", bytesOut);
    }

    private static JsonObject stream(String key, long bytesIn) {
        return new JsonObject().put("key", key).put("epoch", 7)
                .put("origin", new JsonObject().put("nodeId", ORIGIN).put("rtmpAddress", "10.0.0.1:1935"))
                .put("bytesIn", bytesIn)
                .put("carriedBy", new JsonArray()
                        .add(new JsonObject().put("nodeId", ORIGIN).put("role", "origin").put("players", 1))
                        .add(new JsonObject().put("nodeId", EDGE).put("role", "edge").put("players", 2)))
                .put("unknownNodes", new JsonArray());
    }

    @Test
    void namesFromPublishersAndConfigurationAreShownAsTextNeverAsMarkup() throws Exception {
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url, THREE_POLLS));
        String row = dom.rowText(HOSTILE_KEY);
        assertNotNull(row, "the stream is listed:\n" + dom.html());
        assertTrue(row.startsWith(HOSTILE_KEY), "the key, as text: " + row);
        assertTrue(dom.rowText(EDGE).contains("<script>alert(1)</script>"), "the zone, as text: " + dom.rowText(EDGE));
        assertFalse(dom.html().contains("<img"), "no element made of a name:\n" + dom.html());
        assertFalse(dom.html().contains("<script>alert"), "no element made of a name:\n" + dom.html());
        assertTrue(dom.html().contains("<title>RTMP cluster status</title>"), "no name's script ran:\n" + dom.html());
    }

    @Test
    void ingestBitrateIsTheGrowthOfTheOriginsByteCounterBetweenTwoPolls() throws Exception {
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url, THREE_POLLS));
        String row = dom.rowText(HOSTILE_KEY);
        assertTrue(streamPolls.get() >= 2, "polled again: " + streamPolls.get() + " stream lists asked");
        assertTrue(row.endsWith("2.0 Mb/s"), "500 kB in 2 s: " + row);
        assertTrue(dom.rowText(EDGE).endsWith("0 b/s"), "a counter that did not move: " + dom.rowText(EDGE));
    }

    @Test
    void anApiThatStopsAnsweringIsShownAsAnErrorOverTheLastFigures() throws Exception {
        failFrom = 1;
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url, THREE_POLLS));
        assertFalse(dom.isHidden("error"), "the error shows:\n" + dom.html());
        assertTrue(dom.elementText("error").contains("HTTP 503: cluster registry unavailable: test"),
                dom.elementText("error"));
        assertNotNull(dom.rowText(HOSTILE_KEY), "the last answer's stream stays listed:\n" + dom.html());
    }

    @Test
    void thePageStartsWithNoErrorShownAndItsFilesComeFromTheJar() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = get(http, url);
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(index.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
        assertTrue(index.body().contains("<meta name=\"viewport\""), index.body());
        for (String file : new String[] {"status/status.js", "status/status.css"}) {
            assertEquals(200, get(http, url + file).statusCode(), file);
        }
        assertTrue(new DumpedDom(index.body()).isHidden("error"));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
