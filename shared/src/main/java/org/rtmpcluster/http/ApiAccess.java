package org.rtmpcluster.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who may use which route of the HTTP API, as route handlers placed before the routes they guard:
 * <ul>
 *   <li>{@link #writes}: the drain and any other write need {@code API_TOKEN}, from loopback too (a local reverse
 *   proxy makes every request look local), and are refused (403) while it is unset: SIGTERM still drains.</li>
 *   <li>{@link #lists}: the stream list, a stream's detail and the node list name every live key and every node's
 *   internal address; they need {@code API_TOKEN} when it is set and are open when it is not (local use).</li>
 *   <li>{@link #metrics}: {@code /metrics} needs {@code METRICS_TOKEN} when that is set (Prometheus sends it with
 *   {@code authorization: credentials:}), else it is open.</li>
 * </ul>
 * {@code /health}, {@code /ready}, {@code /api/v1/locate} (it answers for a key the caller already knows and names
 * no other) and the status page's static files are never guarded. A refusal is a 401 with
 * {@code WWW-Authenticate: Bearer} (RFC 6750 §3), counted as {@code http_refused_total{reason="unauthorized"}}.
 *
 * <p>Cross-site requests: a browser sends no {@code Authorization} header of its own, and a page of another origin
 * can add one only through a CORS preflight, which this server never grants (it answers no {@code OPTIONS} and sends
 * no {@code Access-Control-*} header). So a form or {@code fetch} POST from another site to {@code 127.0.0.1} always
 * arrives without the token and is refused; refusing form content types on top would add nothing.
 */
final class ApiAccess {
    private static final String API_REALM = "rtmp-cluster API";
    private static final String METRICS_REALM = "rtmp-cluster metrics";

    private final BearerToken api;
    private final BearerToken metricsToken;
    private final Refusals refusals;

    ApiAccess(HttpOptions options, Refusals refusals) {
        this.api = BearerToken.of(options.apiToken());
        this.metricsToken = BearerToken.of(options.metricsToken());
        this.refusals = refusals;
    }

    /** Passes a request that carries {@code API_TOKEN}; refuses every request while none is set. */
    void writes(RoutingContext ctx) {
        if (!api.isSet()) {
            refusals.count(Refusal.UNAUTHORIZED, ctx.request().remoteAddress());
            Json.error(ctx, 403, "writes over HTTP (such as the drain) are off: set API_TOKEN to allow them with "
                    + "Authorization: Bearer <API_TOKEN>, or send the node SIGTERM to drain it");
            return;
        }
        require(ctx, api, API_REALM, "API_TOKEN");
    }

    /** Passes a request that carries {@code API_TOKEN}, or any request while none is set. */
    void lists(RoutingContext ctx) {
        require(ctx, api, API_REALM, "API_TOKEN");
    }

    /** Passes a request that carries {@code METRICS_TOKEN}, or any request while none is set. */
    void metrics(RoutingContext ctx) {
        require(ctx, metricsToken, METRICS_REALM, "METRICS_TOKEN");
    }

    private void require(RoutingContext ctx, BearerToken token, String realm, String setting) {
        BearerToken.Verdict verdict = token.judge(ctx.request());
        if (verdict == BearerToken.Verdict.GRANTED) {
            ctx.next();
            return;
        }
        refusals.count(Refusal.UNAUTHORIZED, ctx.request().remoteAddress());
        boolean missing = verdict == BearerToken.Verdict.MISSING;
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"" + realm + "\""
                + (missing ? "" : ", error=\"invalid_token\""));
        Json.error(ctx, 401, missing ? "this needs Authorization: Bearer <" + setting + ">"
                : "the bearer token is not " + setting);
    }
}
