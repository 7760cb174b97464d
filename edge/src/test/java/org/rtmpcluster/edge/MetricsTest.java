package org.rtmpcluster.edge;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.node.Node;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code GET /metrics} on an origin and an edge in this JVM (real Hazelcast, real sockets): the series a dashboard
 * needs exist and move with what the cluster does, and the output passes {@code promtool check metrics}.
 */
@Timeout(120)
class MetricsTest {
    /** HTTP/1.1: the JDK client would otherwise offer an h2c upgrade, which a plain scrape does not need. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static TestCluster cluster;
    private static Vertx clients;
    private static Node origin;
    private static Node edge;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, 1, "--metrics-stream-labels-max", "1");
        origin = cluster.origins.get(0);
        edge = cluster.edges.get(0);
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        TestNode.await(clients.close());
        cluster.close();
    }

    /** One scrape: the text, and the value of a series looked up by name and some of its labels. */
    record Scrape(String contentType, String text) {
        /** The value of the first series named {@code name} that has all {@code labels} ("k=v"); NaN if none. */
        double value(String name, String... labels) {
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                    continue;
                }
                String series = line.substring(0, line.lastIndexOf(' '));
                boolean all = true;
                for (String label : labels) {
                    int eq = label.indexOf('=');
                    all &= series.contains(label.substring(0, eq) + "=\"" + label.substring(eq + 1) + "\"");
                }
                if (all) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return Double.NaN;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static Scrape scrape(Node node) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + TestCluster.httpPort(node) + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return new Scrape(response.headers().firstValue("content-type").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: GET /metrics");
        }
    }

    @Test
    void originAndEdgeCountPublishPlaysPullsAndFirstKeyframes() {
        List<MediaMessage> media = new SyntheticMedia(12).stream(0, 2, 25);
        try (TestPublisher publisher = TestPublisher.connect(clients, TestCluster.port(origin), "live").publish("m");
             TestPlayer first = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("m");
             TestPlayer second = TestPlayer.connect(clients, TestCluster.port(edge), "live").play("m")) {
            publisher.send(media);
            // Players that join while the pull starts get the stream from a keyframe on: not every message.
            first.awaitMessages(1);
            second.awaitMessages(1);
            Scrape[] last = new Scrape[1];
            Await.until(() -> "two players and two first keyframes on the edge:\n" + last[0], () -> {
                last[0] = scrape(edge);
                return last[0].value("rtmp_connections", "kind=player") == 2
                        && last[0].value("rtmp_first_keyframe_seconds_count") >= 2;
            });
            Scrape atEdge = last[0];
            Scrape atOrigin = scrape(origin);
            assertTrue(atEdge.contentType().startsWith("text/plain; version=0.0.4"), atEdge.contentType());
            assertEquals(1, atEdge.value("rtmp_connections", "kind=upstream", "role=edge"), atEdge.text());
            assertTrue(atEdge.value("rtmp_upstream_pulls_started_total") >= 1, atEdge.text());
            assertTrue(atEdge.value("rtmp_sent_bytes_total") > 0, atEdge.text());
            assertTrue(atEdge.value("rtmp_media_messages_total", "type=video") > 0, atEdge.text());
            assertEquals(2, atEdge.value("rtmp_stream_players", "stream=live/m"), "the stream's own series (cap 1)");
            assertEquals(1, atOrigin.value("rtmp_connections", "kind=publisher", "role=origin"), atOrigin.text());
            assertEquals(1, atOrigin.value("rtmp_connections", "kind=player"), "the edge's pull: " + atOrigin);
            assertTrue(atOrigin.value("rtmp_received_bytes_total") > 0, atOrigin.text());
            assertTrue(atOrigin.value("rtmp_handshake_seconds_count") >= 2, "publisher and the edge's pull");
            assertTrue(atOrigin.value("rtmp_registry_operation_seconds_count", "operation=claim",
                    "outcome=success") >= 1, atOrigin.text());
            assertTrue(atOrigin.value("jvm_memory_used_bytes") > 0, "JVM binders: " + atOrigin);
            assertTrue(atOrigin.value("netty_allocator_memory_used_bytes", "memory_type=direct") > 0,
                    "Netty allocator: " + atOrigin);
        }
    }

    @Test
    void aPeerSendingGarbageIsCountedAsAProtocolErrorClose() throws IOException {
        double before = scrape(origin).value("rtmp_closed_connections_total", "reason=protocol_error");
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), TestCluster.port(origin))) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // C0 'G': not RTMP version 3
            out.flush();
            InputStream in = raw.getInputStream();
            while (in.read() >= 0) {
                // until the origin closes it
            }
        }
        Scrape[] last = new Scrape[1];
        Await.until(() -> "one more protocol_error close than " + before + ":\n" + last[0], () -> {
            last[0] = scrape(origin);
            return last[0].value("rtmp_closed_connections_total", "reason=protocol_error") >= before + 1;
        });
    }

    @Test
    void scrapePassesPromtoolLint() throws IOException, InterruptedException {
        String text = scrape(edge).text();
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is not on the PATH (" + e.getMessage() + "): install it with "
                    + "'apt-get install -y prometheus' (.ci/run does)");
            return;
        }
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals("", output.strip(), "promtool lint output");
        assertEquals(0, promtool.exitValue(), output);
    }
}
