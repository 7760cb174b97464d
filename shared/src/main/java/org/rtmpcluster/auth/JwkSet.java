package org.rtmpcluster.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The public keys of {@code AUTH_JWKS_URL}, a JWKS document (RFC 7517 §5) fetched with Vert.x's non-blocking HTTP
 * client and cached. Fetched once at start; again when a token names a key id the cache lacks (an identity provider
 * rolled a new key), at most once a {@link #REFETCH_INTERVAL_MILLIS minute} so that tokens with made-up key ids
 * cannot make this node hammer the provider; and in the background when the cache is older than
 * {@link #MAX_AGE_MILLIS}, so a key the provider withdrew stops verifying. A fetch that fails (unreachable, slow,
 * too large, not a JWKS, no usable key) keeps the keys there were.
 *
 * <p>Thread-safe: sessions on every event loop ask; the keys are one immutable map swapped whole.
 */
final class JwkSet {
    private static final System.Logger LOG = System.getLogger(JwkSet.class.getName());
    /** A JWKS holds a handful of keys (a few KiB); more is not a key set. */
    static final int MAX_BYTES = 64 * 1024;
    /** A fetch slower than this fails; a check waiting for it is refused then. */
    static final long FETCH_TIMEOUT_MILLIS = 5_000;
    static final long REFETCH_INTERVAL_MILLIS = 60_000;
    static final long MAX_AGE_MILLIS = 15 * 60_000;

    private final Vertx vertx;
    private final String url;
    private final LongSupplier nowMillis;
    private final HttpClient http;
    /**
     * Where every fetch runs, so that its connection, its callbacks and the response's handlers share one thread:
     * handlers set from another thread than the connection's can miss the end of a short answer (Vert.x #6038).
     */
    private final Context context;

    private volatile Map<String, JwtKey> keys = Map.of();
    /** Guarded by this. */
    private Future<Void> inFlight;
    /**
     * Guarded by this: when an unknown kid last caused a fetch, when any fetch last started, and when keys were last
     * fetched.
     */
    private long lastRefetchMillis = Long.MIN_VALUE / 2;
    private long startedAtMillis;
    private long fetchedAtMillis;

    JwkSet(Vertx vertx, String url, LongSupplier nowMillis) {
        this.vertx = vertx;
        this.url = url;
        this.nowMillis = nowMillis;
        // A connection per fetch: fetches are minutes apart, and a pooled connection reset after a refused answer
        // would fail the next fetch before it is sent
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setConnectTimeout((int) FETCH_TIMEOUT_MILLIS));
        this.context = vertx.getOrCreateContext();
        synchronized (this) {
            fetch();
        }
    }

    /**
     * The key {@code kid} names, or null when it is unknown even after a refetch (or a refetch was not allowed
     * yet). A key held is answered at once; for one not held this waits for a fetch in flight (the first, at
     * start), bounded by {@link #FETCH_TIMEOUT_MILLIS}, and never blocks.
     */
    Future<JwtKey> key(String kid) {
        Future<Void> pending;
        synchronized (this) {
            long now = nowMillis.getAsLong();
            // Old keys are refreshed in the background, no more than once a minute while the provider is failing
            if (inFlight == null && now - fetchedAtMillis > MAX_AGE_MILLIS
                    && now - startedAtMillis >= REFETCH_INTERVAL_MILLIS) {
                fetch();
            }
            pending = inFlight;
        }
        JwtKey known = keys.get(kid);
        if (known != null) {
            return Future.succeededFuture(known); // a known key never waits for a fetch
        }
        Future<Void> ready = pending == null ? Future.succeededFuture() : pending.recover(e -> Future.succeededFuture());
        return ready.compose(v -> {
            JwtKey fetched = keys.get(kid);
            return fetched != null ? Future.succeededFuture(fetched) : refetch().map(done -> keys.get(kid));
        });
    }

    /** Whether keys were ever fetched. */
    boolean loaded() {
        return !keys.isEmpty();
    }

    /** A fetch for an unknown kid, when the last was more than a minute ago; joins one in flight. */
    private Future<Void> refetch() {
        synchronized (this) {
            if (inFlight != null) {
                return inFlight.recover(e -> Future.succeededFuture());
            }
            long now = nowMillis.getAsLong();
            if (now - lastRefetchMillis < REFETCH_INTERVAL_MILLIS) {
                return Future.succeededFuture();
            }
            lastRefetchMillis = now;
            return fetch().recover(e -> Future.succeededFuture());
        }
    }

    /**
     * Starts a fetch, which is {@link #inFlight} until it ends; on success swaps the keys in. Called holding the
     * lock. {@code inFlight} is set before the download starts, and the keys and the fetch state change together
     * before anyone waiting on the fetch hears of it, however soon it ends.
     */
    private Future<Void> fetch() {
        long started = nowMillis.getAsLong();
        startedAtMillis = started;
        Promise<Void> done = Promise.promise();
        inFlight = done.future();
        download().map(this::parse).onComplete(r -> {
            synchronized (this) {
                if (inFlight == done.future()) {
                    inFlight = null;
                }
                if (r.succeeded()) {
                    keys = r.result();
                    fetchedAtMillis = started;
                }
            }
            if (r.succeeded()) {
                LOG.log(System.Logger.Level.INFO, "JWKS " + url + ": " + r.result().size() + " key"
                        + (r.result().size() == 1 ? "" : "s") + " " + r.result().keySet());
                done.complete();
            } else {
                LOG.log(System.Logger.Level.WARNING, "JWKS " + url + " not fetched, keeping " + keys.size() + " key"
                        + (keys.size() == 1 ? "" : "s") + ": " + r.cause().getMessage());
                done.fail(r.cause());
            }
        });
        return done.future();
    }

    /** The document's bytes: a 200 answer of at most {@link #MAX_BYTES}, within {@link #FETCH_TIMEOUT_MILLIS}. */
    private Future<Buffer> download() {
        RequestOptions request;
        try {
            request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                    .setIdleTimeout(FETCH_TIMEOUT_MILLIS).putHeader("Accept", "application/json");
        } catch (RuntimeException e) {
            return Future.failedFuture("AUTH_JWKS_URL is not a URL: " + e.getMessage());
        }
        Promise<Buffer> body = Promise.promise();
        context.runOnContext(go -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            long timer = vertx.setTimer(FETCH_TIMEOUT_MILLIS, t -> {
                if (body.tryFail("no answer within " + FETCH_TIMEOUT_MILLIS + " ms") && sent.get() != null) {
                    sent.get().reset(); // a server dripping bytes keeps no connection of ours
                }
            });
            body.future().onComplete(r -> vertx.cancelTimer(timer));
            http.request(request).compose(r -> {
                sent.set(r);
                return r.send();
            }).onSuccess(response -> read(response, body)).onFailure(body::tryFail);
        });
        return body.future();
    }

    private static void read(HttpClientResponse response, Promise<Buffer> body) {
        response.exceptionHandler(body::tryFail); // also hears the reset below, rather than Vert.x logging it
        if (response.statusCode() != 200) {
            response.request().reset();
            body.tryFail("HTTP " + response.statusCode());
            return;
        }
        long length = contentLength(response.getHeader("Content-Length"));
        if (length > MAX_BYTES) {
            response.request().reset();
            body.tryFail("Content-Length over " + MAX_BYTES + " bytes");
            return;
        }
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (body.future().isComplete()) {
                return;
            }
            if (received.length() + chunk.length() > MAX_BYTES) {
                body.tryFail("body over " + MAX_BYTES + " bytes");
                response.request().reset(); // stop reading: a key set is not this large
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.endHandler(v -> body.tryComplete(received));
    }

    /** The declared length, -1 when absent; garbage counts as too long. */
    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The usable keys of a JWKS document, by kid; entries this node cannot use are skipped and logged.
     *
     * @throws IllegalArgumentException when the document is not a JWKS or holds no usable key
     */
    private Map<String, JwtKey> parse(Buffer body) {
        JsonArray entries;
        try {
            entries = new JsonObject(body).getJsonArray("keys");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JWKS (a JSON object with \"keys\")");
        }
        if (entries == null) {
            throw new IllegalArgumentException("not a JWKS (a JSON object with \"keys\")");
        }
        Map<String, JwtKey> parsed = new HashMap<>();
        for (Object entry : entries) {
            try {
                if (!(entry instanceof JsonObject jwk)) {
                    throw new IllegalArgumentException("an entry is not a JSON object");
                }
                JwtKey key = JwtKey.fromJwk(vertx, jwk);
                if (parsed.putIfAbsent(key.kid(), key) != null) {
                    throw new IllegalArgumentException("key '" + key.kid() + "' appears twice; the first is used");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "JWKS " + url + ": skipped " + e.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no usable key (EC P-256, OKP Ed25519 or RSA, with kid)");
        }
        return Map.copyOf(parsed);
    }

    /** The key ids, for tests. */
    List<String> kids() {
        return List.copyOf(keys.keySet());
    }
}
