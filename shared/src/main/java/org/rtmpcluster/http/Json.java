package org.rtmpcluster.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/** How the API writes its answers: JSON bodies, RFC 3339 times, errors as {@code {"error": "..."}}. */
final class Json {
    private static final int MAX_QUOTED = 64;

    private Json() {
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message));
    }

    /** A caller's text in an error message: shortened, control characters shown as '?'. */
    static String quote(String text) {
        String s = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
