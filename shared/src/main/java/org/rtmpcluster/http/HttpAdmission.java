package org.rtmpcluster.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the HTTP server refuses before any route runs ({@link HttpOptions}): a connection past the cap (closed as it
 * is accepted), a request line or headers too long for the decoder (414, 431, then the connection closes: what
 * follows on it cannot be trusted to start a request), a body too large or of no stated length (413, then close:
 * the API reads no bodies), and a client address over its rate (429). Each refusal is counted.
 */
final class HttpAdmission {
    /** A token comes back within 1/rate s, so within a second at any rate the settings allow. */
    private static final String RETRY_AFTER_RATE_SECONDS = "1";

    private final HttpOptions options;
    private final Refusals refusals;
    private final ClientRates rates;
    private final AtomicInteger open = new AtomicInteger();

    HttpAdmission(HttpOptions options, Refusals refusals) {
        this.options = options;
        this.refusals = refusals;
        this.rates = options.ratePerSecond() == 0 ? null
                : new ClientRates(options.ratePerSecond(), options.rateBurst(), System.nanoTime());
    }

    /** The server's connection handler: counts the connection, or closes it when the cap is reached. */
    void connected(HttpConnection connection) {
        if (open.incrementAndGet() > options.maxConnections()) {
            open.decrementAndGet();
            refusals.count(Refusal.CONNECTIONS, connection.remoteAddress());
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
    }

    /** The server's handler of requests its decoder refused. */
    void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            refuse(request, Refusal.REQUEST_LINE_TOO_LONG, 414, "request line longer than "
                    + options.maxInitialLineBytes() + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(request, Refusal.HEADERS_TOO_LARGE, 431, "request headers larger than "
                    + options.maxHeaderBytes() + " bytes");
        } else {
            refuse(request, Refusal.MALFORMED, 400, "malformed HTTP request");
        }
    }

    /** The router's first handler: the client's rate, then the body's size; the routes after it see neither. */
    void admit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        SocketAddress from = request.remoteAddress();
        String address = from == null ? "" : from.hostAddress();
        if (rates != null && !rates.tryTake(ClientRates.clientOf(address), System.nanoTime())) {
            refusals.count(Refusal.RATE, from);
            request.response().setStatusCode(429).putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_RATE_SECONDS)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(error("rate: over "
                            + options.ratePerSecond() + " requests per second from " + address));
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !withinBody(length)) {
            refuse(request, Refusal.BODY_TOO_LARGE, 413, "request body larger than " + options.maxBodyBytes()
                    + " bytes or of no stated length");
            return;
        }
        ctx.next();
    }

    private boolean withinBody(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) <= options.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Answers {@code status} with the error, then closes the connection. */
    private void refuse(HttpServerRequest request, Refusal reason, int status, String message) {
        refusals.count(reason, request.remoteAddress());
        HttpConnection connection = request.connection();
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(error(message))
                .onComplete(ar -> connection.close());
    }

    private static String error(String message) {
        return new JsonObject().put("error", message).encode();
    }
}
