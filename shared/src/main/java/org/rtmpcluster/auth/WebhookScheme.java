package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The authorization webhook: a JSON POST per publish or play to {@code AUTH_WEBHOOK_URL}, signed with
 * {@code AUTH_WEBHOOK_SECRET} ({@value #SIGNATURE_HEADER}: {@code sha256=<hex HMAC-SHA256(secret, body)>}); the body
 * carries a {@code timestamp} (unix seconds), so the signature covers it and a receiver can refuse a replayed one.
 * The body holds the query without our credential parameters ({@link QueryParams#CREDENTIALS}); parameters of the
 * operator's own (a {@code key=...}) go as the client sent them.
 *
 * <p>It decides every request it is asked about, and fails closed: a yes is a 2xx with {@code {"allow": true}}
 * (see {@link WebhookAnswer}), anything else, no answer within {@code timeoutMillis}, or more than
 * {@code maxInFlight} requests already waiting, refuses. A yes counts as a credential (a publisher replaces the
 * current one at once) and may end the session after its {@code lifetime}. Yeses may be reused for
 * {@code cacheMillis} ({@link WebhookCache}). Shared by every event loop of the node; never blocks one.
 */
final class WebhookScheme implements Scheme {
    static final String SIGNATURE_HEADER = BodySignature.HEADER;
    /** Shorter than the idle timeouts receivers commonly keep (Node.js: 5 s), so we never send on a socket the
     *  receiver is closing: that request would fail, and fail closed. */
    static final int KEEP_ALIVE_SECONDS = 4;
    private static final System.Logger LOG = System.getLogger(WebhookScheme.class.getName());

    private final Vertx vertx;
    private final WebhookOptions options;
    private final String nodeId;
    private final String role;
    private final LongSupplier nowMillis;
    private final HttpClient client;
    private final RequestOptions post;
    private final BodySignature signature;
    private final WebhookCache cache;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Whether the last request got an answer: an outage is logged once when it starts, not once per client. */
    private final AtomicBoolean answering = new AtomicBoolean(true);

    WebhookScheme(Vertx vertx, WebhookOptions options, String nodeId, String role, LongSupplier nowMillis) {
        this.vertx = vertx;
        this.options = options;
        this.nodeId = nodeId;
        this.role = role;
        this.nowMillis = nowMillis;
        this.post = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(checkedUrl(options.url()))
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "rtmp-cluster-webhook");
        // As many connections as requests may wait, so that a slow receiver does not queue joins behind each other.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setConnectTimeout((int) options.timeoutMillis()),
                new PoolOptions().setHttp1MaxSize(options.maxInFlight()));
        this.signature = new BodySignature(options.secret());
        this.cache = new WebhookCache(options.cacheMillis());
    }

    /**
     * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL; the message does not repeat
     *                                  it (a query there may hold the receiver's own secret)
     */
    private static String checkedUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("AUTH_WEBHOOK_URL is not an absolute http:// or https:// URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("AUTH_WEBHOOK_URL is not a URL (" + e.getReason() + ")");
        }
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Future<Grant> check(AuthRequest request) {
        long now = nowMillis.getAsLong();
        Grant cached = cache.get(request, now);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        if (inFlight.incrementAndGet() > options.maxInFlight()) {
            inFlight.decrementAndGet();
            return Future.failedFuture(Denied.unavailable("webhook busy"));
        }
        Buffer body = body(request, now);
        Promise<Grant> answer = Promise.promise();
        answer.future().onComplete(ar -> inFlight.decrementAndGet());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(options.timeoutMillis(), id -> {
            if (answer.tryFail(Denied.unavailable("webhook did not answer within " + options.timeoutMillis()
                    + " ms"))) {
                outage("webhook did not answer within " + options.timeoutMillis() + " ms");
                HttpClientRequest r = sent.get();
                if (r != null) {
                    r.reset(); // its connection is in an unknown state: not reused
                }
            }
        });
        client.request(post).onSuccess(r -> {
            sent.set(r);
            if (answer.future().isComplete()) {
                r.reset(); // timed out while connecting
                return;
            }
            r.putHeader(SIGNATURE_HEADER, signature.header(body));
            // Handlers go on the response as it arrives, before any of its body can.
            r.send(body).onSuccess(response -> read(response, r, answer)).onFailure(e -> unreachable(answer, e));
        }).onFailure(e -> unreachable(answer, e));
        return answer.future().andThen(ar -> vertx.cancelTimer(timer))
                .onSuccess(g -> cache.put(request, g, nowMillis.getAsLong()));
    }

    private void unreachable(Promise<Grant> answer, Throwable e) {
        if (answer.tryFail(Denied.unavailable("webhook unreachable"))) {
            outage("webhook unreachable: " + e.getMessage());
        }
    }

    /** Reads at most {@link WebhookAnswer#MAX_BODY_BYTES} of the answer, then decides. */
    private void read(HttpClientResponse response, HttpClientRequest request, Promise<Grant> answer) {
        // First, so that the reset below is not reported as an unhandled error.
        response.exceptionHandler(e -> answer.tryFail(new Denied("webhook answer unreadable")));
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() > 0 && tooLong(length)) {
            answer.tryFail(new Denied("webhook answer too long"));
            request.reset();
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (answer.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > WebhookAnswer.MAX_BODY_BYTES) {
                answer.tryFail(new Denied("webhook answer too long"));
                request.reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.endHandler(v -> {
            answering.set(true);
            try {
                answer.tryComplete(WebhookAnswer.read(response.statusCode(), body, nowMillis.getAsLong()));
            } catch (Denied d) {
                answer.tryFail(d);
            }
        });
    }

    private static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > WebhookAnswer.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void outage(String what) {
        if (answering.getAndSet(false)) {
            LOG.log(System.Logger.Level.WARNING, "{0}; publish and play that need it are refused until it answers",
                    what);
        }
    }

    /** The JSON the receiver gets: what is asked, by whom, where; never a credential. */
    Buffer body(AuthRequest request, long nowMillis) {
        return new JsonObject()
                .put("action", request.action().wireName())
                .put("app", request.app())
                .put("stream", request.stream())
                .put("query", QueryParams.withoutCredentials(request.query()))
                .put("client", request.peer())
                .put("nodeId", nodeId)
                .put("role", role)
                .put("protocol", "rtmp")
                .put("sessionId", request.sessionId())
                .put("timestamp", nowMillis / 1000)
                .toBuffer();
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under the secret. */
    String sign(Buffer body) {
        return signature.hex(body);
    }

    /** Requests sent and not yet answered, for tests. */
    int inFlight() {
        return inFlight.get();
    }
}
