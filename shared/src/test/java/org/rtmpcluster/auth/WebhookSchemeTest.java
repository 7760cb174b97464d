package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook against a receiver served by the test: what it sends, and what each kind of answer means. */
class WebhookSchemeTest {
    private static final String SECRET = "webhook-test-secret-0123456789";
    private static final long NOW = 1_800_000_000_000L;

    private static Vertx vertx;
    private static HttpServer receiver;
    /** What the receiver does with each request (and its body): set by each test. */
    private static volatile BiConsumer<HttpServerRequest, Buffer> answer;
    /** Every request the receiver got: its signature header and body. */
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String signature, Buffer body) {
        JsonObject json() {
            return body.toJsonObject();
        }
    }

    private final AtomicLong clock = new AtomicLong(NOW);

    @BeforeAll
    static void startReceiver() {
        vertx = Vertx.vertx();
        receiver = TestNode.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(new Received(req.getHeader(WebhookScheme.SIGNATURE_HEADER), body));
            answer.accept(req, body);
        })).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stopReceiver() {
        TestNode.await(vertx.close());
    }

    @BeforeEach
    void clear() {
        received.clear();
        answer = (req, body) -> req.response().end("{\"allow\":true}");
    }

    private WebhookScheme webhook(long timeoutMillis, int maxInFlight, long cacheMillis) {
        return new WebhookScheme(vertx, new WebhookOptions("http://127.0.0.1:" + receiver.actualPort() + "/auth",
                SECRET, timeoutMillis, maxInFlight, cacheMillis), "node-1", "edge", clock::get);
    }

    private WebhookScheme webhook() {
        return webhook(3000, 64, 0);
    }

    private static AuthRequest play(String query) {
        return new AuthRequest(AuthRequest.Action.PLAY, "live", "cam1", query, "10.1.2.3", "10.1.2.3:50000", "",
                null);
    }

    private static void answerWith(int status, String body) {
        answer = (req, b) -> req.response().setStatusCode(status).end(body);
    }

    /** The refusal's message; fails when the future succeeds. */
    private static String denial(Future<Grant> decided) {
        try {
            decided.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertInstanceOf(Denied.class, e.getCause(), "a refusal, not an error");
            return e.getCause().getMessage();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no decision: " + e);
        }
        throw new AssertionError("allowed, expected a refusal");
    }

    @Test
    void aTwoHundredThatSaysAllowAllowsAsACredential() {
        Grant grant = TestNode.await(webhook().check(play("")));
        assertTrue(grant.credentialed(), "a webhook's yes lets a publisher take over at once");
        assertEquals("webhook", grant.scheme());
        assertEquals(0, grant.expiresAtMillis(), "no lifetime, no end");
        assertEquals(1, received.size());
    }

    @Test
    void aLifetimeEndsTheGrantThatManySecondsFromTheAnswer() {
        answerWith(200, "{\"allow\":true,\"lifetime\":2}");
        assertEquals(NOW + 2000, TestNode.await(webhook().check(play(""))).expiresAtMillis());
        answerWith(200, "{\"allow\":true,\"lifetime\":0.25}");
        assertEquals(NOW + 250, TestNode.await(webhook().check(play(""))).expiresAtMillis());
    }

    @Test
    void aLifetimeThatIsNotAPositiveNumberRefuses() {
        answerWith(200, "{\"allow\":true,\"lifetime\":-5}");
        assertTrue(denial(webhook().check(play(""))).startsWith("webhook answer unreadable"));
        answerWith(200, "{\"allow\":true,\"lifetime\":\"soon\"}");
        assertTrue(denial(webhook().check(play(""))).startsWith("webhook answer unreadable"));
    }

    @Test
    void aDenialCarriesTheReceiversReasonPrintableAndBounded() {
        answerWith(200, "{\"allow\":false,\"reason\":\"no ticket\\nfor this show\"}");
        assertEquals("no ticket for this show", denial(webhook().check(play(""))));
        answerWith(403, "{\"allow\":false,\"reason\":\"" + "x".repeat(500) + "\"}");
        assertEquals("x".repeat(WebhookAnswer.MAX_REASON_CHARS), denial(webhook().check(play(""))));
    }

    @Test
    void anAnswerWithoutAllowTrueRefuses() {
        answerWith(200, "{\"allow\":false}");
        assertEquals("webhook refused", denial(webhook().check(play(""))));
        answerWith(200, "{}");
        assertEquals("webhook refused", denial(webhook().check(play(""))));
        answerWith(200, "{\"allow\":\"true\"}");
        assertEquals("webhook refused", denial(webhook().check(play(""))), "a string is not true");
        answerWith(200, "{\"allow\":1}");
        assertEquals("webhook refused", denial(webhook().check(play(""))));
    }

    @Test
    void aServerErrorRefuses() {
        answerWith(500, "{\"allow\":true}");
        assertEquals("webhook answered 500", denial(webhook().check(play(""))), "only a 2xx can allow");
        answerWith(502, "<html>bad gateway</html>");
        assertEquals("webhook answered 502", denial(webhook().check(play(""))));
    }

    @Test
    void aGarbageOrEmptyAnswerRefuses() {
        answerWith(200, "allow: yes please");
        assertEquals("webhook answer unreadable", denial(webhook().check(play(""))));
        answerWith(200, "[true]");
        assertEquals("webhook answer unreadable", denial(webhook().check(play(""))));
        answerWith(204, "");
        assertEquals("webhook answer unreadable", denial(webhook().check(play(""))));
    }

    @Test
    void anAnswerLongerThanTheLimitRefusesWithOrWithoutContentLength() {
        String big = "{\"allow\":true,\"pad\":\"" + "x".repeat(WebhookAnswer.MAX_BODY_BYTES) + "\"}";
        answerWith(200, big);
        assertEquals("webhook answer too long", denial(webhook().check(play(""))));
        answer = (req, b) -> {
            var response = req.response().setChunked(true);
            for (int i = 0; i < 80; i++) {
                response.write("x".repeat(1024));
            }
            response.end();
        };
        assertEquals("webhook answer too long", denial(webhook().check(play(""))));
        answerWith(200, "{\"allow\":true}");
        TestNode.await(webhook().check(play(""))); // and the next answer is read as usual
    }

    @Test
    void noAnswerWithinTheTimeoutRefuses() {
        answer = (req, b) -> {
            // never answers
        };
        long started = System.nanoTime();
        assertEquals("webhook did not answer within 200 ms", denial(webhook(200, 64, 0).check(play(""))));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 190, "refused after " + tookMillis + " ms, before the timeout");
    }

    @Test
    void anUnreachableReceiverRefuses() {
        int closedPort = TestNode.freePort();
        WebhookScheme down = new WebhookScheme(vertx, new WebhookOptions("http://127.0.0.1:" + closedPort + "/",
                SECRET, 2000, 64, 0), "node-1", "edge", clock::get);
        assertEquals("webhook unreachable", denial(down.check(play(""))));
    }

    @Test
    void theSignatureIsHmacSha256OfTheExactBodyUnderTheSecret() throws Exception {
        TestNode.await(webhook().check(play("x=1")));
        Received r = received.get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes())), r.signature());
    }

    @Test
    void theBodySaysWhatIsAskedByWhomWhereAndWhen() {
        TestNode.await(webhook().check(new AuthRequest(AuthRequest.Action.PUBLISH, "live", "cam1", "x=1",
                "10.1.2.3", "10.1.2.3:50000", "FMLE/3.0", null)));
        assertEquals(new JsonObject().put("action", "publish").put("app", "live").put("stream", "cam1")
                .put("query", "x=1").put("client", "10.1.2.3").put("nodeId", "node-1").put("role", "edge")
                .put("protocol", "rtmp").put("sessionId", "10.1.2.3:50000").put("timestamp", NOW / 1000),
                received.get(0).json());
    }

    @Test
    void theBodyCarriesNoCredentialsButKeepsTheOperatorsOwnParameters() {
        TestNode.await(webhook().check(play("exp=1&kid=k&sig=s&token=t&x=1")));
        TestNode.await(webhook().check(play("key=abc&sig=secretsig")));
        assertEquals("x=1", received.get(0).json().getString("query"));
        assertEquals("key=abc", received.get(1).json().getString("query"), "not ours: the customer's own scheme");
        for (Received r : received) {
            String raw = r.body().toString();
            assertFalse(raw.contains("sig=") || raw.contains("token=") || raw.contains("secretsig"), raw);
        }
    }

    @Test
    void requestsBeyondMaxInFlightAreRefusedAtOnceNotQueued() {
        List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
        answer = (req, b) -> held.add(req);
        WebhookScheme webhook = webhook(10_000, 3, 0);
        List<Future<Grant>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(webhook.check(play("n=" + i)));
        }
        Await.until(() -> "3 requests held (have " + held.size() + ")", () -> held.size() == 3);
        Future<Grant> fourth = webhook.check(play("n=3"));
        assertTrue(fourth.failed(), "refused at once, without waiting for a slot");
        assertEquals("webhook busy", fourth.cause().getMessage());
        held.forEach(req -> req.response().end("{\"allow\":true}"));
        waiting.forEach(TestNode::await);
        Await.until("the slots freed", () -> webhook.inFlight() == 0);
        answerWith(200, "{\"allow\":true}");
        TestNode.await(webhook.check(play("n=4")));
    }

    @Test
    void aCachedYesIsReusedForTheSameRequestUntilCacheMillis() {
        WebhookScheme webhook = webhook(3000, 64, 1000);
        TestNode.await(webhook.check(play("sig=a")));
        TestNode.await(webhook.check(play("sig=a")));
        assertEquals(1, received.size(), "the second came from the cache");
        TestNode.await(webhook.check(play("sig=b")));
        assertEquals(2, received.size(), "another token is another request");
        TestNode.await(webhook.check(new AuthRequest(AuthRequest.Action.PLAY, "live", "cam1", "sig=a", "10.9.9.9")));
        assertEquals(3, received.size(), "another client is another request");
        clock.addAndGet(1000);
        TestNode.await(webhook.check(play("sig=a")));
        assertEquals(4, received.size(), "asked again once cacheMillis passed");
    }

    @Test
    void aCachedYesNeverOutlivesItsLifetime() {
        answerWith(200, "{\"allow\":true,\"lifetime\":0.5}");
        WebhookScheme webhook = webhook(3000, 64, 60_000);
        Grant first = TestNode.await(webhook.check(play("")));
        clock.addAndGet(400);
        assertEquals(first.expiresAtMillis(), TestNode.await(webhook.check(play(""))).expiresAtMillis(),
                "the reused grant ends when the original does");
        assertEquals(1, received.size());
        clock.addAndGet(100);
        TestNode.await(webhook.check(play("")));
        assertEquals(2, received.size(), "past the lifetime the webhook is asked again");
    }

    @Test
    void noesAreNotCached() {
        answerWith(200, "{\"allow\":false}");
        WebhookScheme webhook = webhook(3000, 64, 60_000);
        denial(webhook.check(play("")));
        answerWith(200, "{\"allow\":true}");
        TestNode.await(webhook.check(play("")));
        assertEquals(2, received.size());
    }

    @Test
    void theCacheEvictsTheOldestPastItsSize() {
        WebhookCache cache = new WebhookCache(60_000, 2);
        Grant yes = Grant.credentialed("webhook", null, 0);
        cache.put(play("n=1"), yes, NOW);
        cache.put(play("n=2"), yes, NOW);
        cache.put(play("n=3"), yes, NOW);
        assertEquals(2, cache.size());
        assertNull(cache.get(play("n=1"), NOW));
        assertEquals(yes, cache.get(play("n=3"), NOW));
    }

    @Test
    void aUrlThatIsNotHttpStopsTheStart() {
        for (String url : List.of("ftp://example.com/", "example.com/auth", "http:///nohost")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WebhookScheme(vertx,
                    new WebhookOptions(url, SECRET, 3000, 64, 0), "n", "edge", clock::get));
            assertTrue(e.getMessage().startsWith("AUTH_WEBHOOK_URL"), e.getMessage());
        }
    }
}
