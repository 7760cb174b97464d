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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    /** The bearer token the stand-in API requires, as a node with API_TOKEN does; null: none. */
    private volatile String requiredToken;
    /** The Authorization headers the stand-in API was sent. */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger apiRequests = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/api/*").handler(ctx -> {
            apiRequests.incrementAndGet();
            String authorization = ctx.request().getHeader("authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            if (requiredToken != null && !("Bearer " + requiredToken).equals(authorization)) {
                ctx.response().putHeader("www-authenticate", "Bearer realm=\"test\"");
                Json.error(ctx, 401, "this needs Authorization: Bearer <API_TOKEN>");
                return;
            }
            ctx.next();
        });
        // A page of the same origin that leaves a token in this tab's session storage, then opens the status page:
        // what a token typed into the page's form earlier in the session amounts to.
        router.get("/test/preset").handler(ctx -> ctx.response().putHeader("content-type", "text/html")
                .end("<!doctype html><script>sessionStorage.setItem('" + TOKEN_KEY + "', new URLSearchParams("
                        + "location.search).get('token')); location.replace('/');</script>"));
        // A page of the same origin that opens the status page in a frame, types the token into its form once it
        // shows, and copies what the page then shows (and what the session keeps) into its own DOM for the dump.
        router.get("/test/type").handler(ctx -> ctx.response().putHeader("content-type", "text/html")
                .end(TYPING_PAGE.replace("TOKEN", ctx.queryParams().get("token"))));
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

    private static final String TOKEN_KEY = "rtmp-cluster.api-token";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String TYPING_PAGE = """
            <!doctype html><title>typing</title><iframe id="page" src="/" width="900" height="600"></iframe>
            <div id="copy"></div><p id="kept"></p>
            <script>
            const page = document.getElementById('page');
            function typeOnceAsked() {
              const d = page.contentDocument;
              const form = d && d.getElementById('login');
              if (!form || form.hidden) { setTimeout(typeOnceAsked, 50); return; }
              d.getElementById('token').value = 'TOKEN';
              form.requestSubmit();
              setTimeout(() => {
                document.getElementById('copy').innerHTML = d.querySelector('main').outerHTML
                  + '<p id="login-after">' + (d.getElementById('login').hidden ? 'hidden' : 'shown') + '</p>';
                document.getElementById('kept').textContent = 'kept ' + sessionStorage.getItem('rtmp-cluster.api-token');
              }, 1500);
            }
            page.addEventListener('load', typeOnceAsked);
            </script>
            """;

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
    void anApiThatNeedsATokenMakesThePageAskForItAndShowNothingElse() throws Exception {
        requiredToken = TOKEN;
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url, THREE_POLLS));
        assertFalse(dom.isHidden("login"), "the token form shows:\n" + dom.html());
        assertTrue(dom.elementText("login-reason").contains("needs its token (API_TOKEN)"),
                dom.elementText("login-reason"));
        assertNull(dom.rowText(HOSTILE_KEY), "no stream without the token:\n" + dom.html());
        assertTrue(dom.isHidden("error"), "a 401 is a question, not an error: " + dom.elementText("error"));
        assertEquals(2, apiRequests.get(), "both lists asked once, then the page waits for the token");
        assertTrue(authorizations.isEmpty(), "no token sent: " + authorizations);
    }

    @Test
    void aTokenKeptInTheTabsSessionIsSentAsABearerHeaderAndTheStreamsShow() throws Exception {
        requiredToken = TOKEN;
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url + "test/preset?token=" + TOKEN, THREE_POLLS));
        assertNotNull(dom.rowText(HOSTILE_KEY), "the stream is listed:\n" + dom.html());
        assertTrue(dom.isHidden("login"), "no token form: " + dom.html());
        assertTrue(authorizations.size() >= 4 && authorizations.stream().allMatch(("Bearer " + TOKEN)::equals),
                "every poll of both lists carries the token: " + authorizations);
    }

    @Test
    void aRefusedTokenIsForgottenAndThePageAsksAgain() throws Exception {
        requiredToken = TOKEN;
        String wrong = "not-the-token-0123456789";
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url + "test/preset?token=" + wrong, THREE_POLLS));
        assertFalse(dom.isHidden("login"), "the token form shows:\n" + dom.html());
        assertTrue(dom.elementText("login-reason").contains("refused that token"), dom.elementText("login-reason"));
        assertNull(dom.rowText(HOSTILE_KEY), "no stream with a wrong token:\n" + dom.html());
        assertEquals(List.of("Bearer " + wrong), authorizations.stream().distinct().toList());
    }

    @Test
    void aTokenTypedIntoTheFormIsKeptForTheSessionAndTheStreamsShow() throws Exception {
        requiredToken = TOKEN;
        DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url + "test/type?token=" + TOKEN, THREE_POLLS));
        assertNotNull(dom.rowText(HOSTILE_KEY), "the stream is listed once the token is typed:\n" + dom.html());
        assertEquals("hidden", dom.elementText("login-after"), "the form goes once the token is given");
        assertEquals("kept " + TOKEN, dom.elementText("kept"), "in the tab's session storage");
        assertTrue(authorizations.contains("Bearer " + TOKEN), "sent as a bearer header: " + authorizations);
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
