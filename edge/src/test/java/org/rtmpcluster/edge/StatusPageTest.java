package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.interop.DumpedDom;
import org.rtmpcluster.interop.HeadlessChromium;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page an edge serves, loaded in headless Chromium while one origin and the edge carry a stream: the
 * page shows what the cluster API says, after its own polling. Screenshots go to the build output
 * ({@code edge/target/status-page*.png}) for a person to look at.
 */
@Timeout(120)
class StatusPageTest {
    /** Enough virtual time for two polls, so the bitrates have two answers to compare. */
    private static final Duration TWO_POLLS = Duration.ofMillis(3000);
    /** Surefire runs in the module's directory: this is edge/target. */
    private static final Path BUILD_OUTPUT = Path.of("target");
    private static final int SHORT_ID = 8;

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;
    /** An edge of the same cluster with API_TOKEN set. */
    private static Node tokenEdge;
    private static final String API_TOKEN = "status-page-0123456789abcdef";

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, 1);
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        tokenEdge = cluster.addEdge("--api-token", API_TOKEN);
        // A page of the node's origin that leaves the token in the tab's session storage and opens the status page:
        // what typing it into the page's form amounts to (the typing itself: shared's StatusPageTest).
        tokenEdge.http().router().get("/test/preset").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/html").end("<!doctype html><script>sessionStorage.setItem("
                        + "'rtmp-cluster.api-token', '" + API_TOKEN + "'); location.replace('/');</script>"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    private static String shortId(Node node) {
        return node.id().substring(0, SHORT_ID);
    }

    @Test
    void pageShowsTheStreamItsOriginTheEdgeCarryingItAndTheEdgesTwoPlayers() throws Exception {
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live")
                .publish("status");
             TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("status");
             TestPlayer second = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("status")) {
            publisher.send(new SyntheticMedia(31).stream(0, 2, 25));
            Await.until("the API to list 2 players on the edge", () -> {
                HttpApiTest.Answer a = HttpApiTest.get(edge, "/api/v1/streams/live/status");
                JsonObject atEdge = a.status() == 200 ? HttpApiTest.carrier(a.body(), edge) : null;
                return atEdge != null && atEdge.getInteger("players") == 2;
            });

            String url = "http://127.0.0.1:" + TestCluster.httpPort(edge) + "/";
            DumpedDom dom = new DumpedDom(HeadlessChromium.dumpDom(url, TWO_POLLS));
            String stream = dom.rowText("live/status");
            assertNotNull(stream, "the stream is listed:\n" + dom.html());
            assertTrue(stream.startsWith("live/status " + shortId(origin) + " " + origin.options().rtmpAddress()
                    + " " + shortId(edge) + " "), "key, origin id and address, then the edge carrying it: " + stream);
            assertTrue(stream.contains("edge " + shortId(edge) + ": 2"), "2 players on the edge: " + stream);
            assertTrue(stream.contains("origin " + shortId(origin) + ": 1"), "the edge's pull at the origin: "
                    + stream);
            assertTrue(stream.matches(".* \\d+(\\.\\d)? [kMG]?b/s"), "an ingest bitrate from two polls: " + stream);
            String edgeRow = dom.rowText(edge.id());
            assertTrue(edgeRow.matches(shortId(edge) + " edge default ready 2 \\d+(\\.\\d)? [kMG]?b/s"),
                    "the edge in the nodes table: " + edgeRow);
            assertNotNull(dom.rowText(origin.id()), "the origin in the nodes table:\n" + dom.html());
            assertTrue(dom.isHidden("error"), "no error: " + dom.elementText("error"));

            String tokenUrl = "http://127.0.0.1:" + TestCluster.httpPort(tokenEdge) + "/";
            DumpedDom asked = new DumpedDom(HeadlessChromium.dumpDom(tokenUrl, TWO_POLLS));
            assertFalse(asked.isHidden("login"), "a node with API_TOKEN: the page asks for it:\n" + asked.html());
            assertNull(asked.rowText("live/status"), "and lists nothing before:\n" + asked.html());
            DumpedDom given = new DumpedDom(HeadlessChromium.dumpDom(tokenUrl + "test/preset", TWO_POLLS));
            assertTrue(given.isHidden("login"), "the token given, no form:\n" + given.html());
            String listed = given.rowText("live/status");
            assertNotNull(listed, "the token given, the stream is listed:\n" + given.html());
            assertTrue(listed.contains("edge " + shortId(edge) + ": 2"), listed);

            HeadlessChromium.screenshot(tokenUrl, BUILD_OUTPUT.resolve("status-page-token.png"), 1100, 400,
                    TWO_POLLS);
            HeadlessChromium.screenshot(url, BUILD_OUTPUT.resolve("status-page.png"), 1100, 640, TWO_POLLS);
            HeadlessChromium.screenshot(url, BUILD_OUTPUT.resolve("status-page-phone.png"), 390, 844, TWO_POLLS);
        }
    }
}
