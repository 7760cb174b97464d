package org.rtmpcluster.http;

/**
 * What a node's HTTP server takes on at most, so that no client of the API can starve the node's cluster side (its
 * stream claims, its pulls) or its RTMP event loops. Every bound refuses past it rather than queueing, and counts
 * the refusal ({@link Refusal}).
 *
 * @param idleTimeoutMillis   a connection with nothing read or written for this long is closed
 *                            ({@code HTTP_IDLE_TIMEOUT_MS}); a {@code locate?wait=} waits less than this
 * @param maxConnections      HTTP connections open at once; one more is closed as it is accepted
 * @param maxInitialLineBytes longest request line (414 past it)
 * @param maxHeaderBytes      most bytes of request headers (431 past them)
 * @param maxBodyBytes        largest request body (413 past it); the API reads none, a drain's is ignored
 * @param ratePerSecond       requests per second one client address may make, on average (429 past it); 0: no limit
 * @param rateBurst           requests one client address may make at once before its rate applies
 * @param apiMaxQueries       registry queries (list and stream requests) in flight at once, each on the API's own
 *                            worker pool of this size (503 past them)
 * @param locateMaxWaits      {@code locate?wait=} requests waiting at once (503 past them)
 * @param apiToken            the bearer token of the drain and any write, and of the lists when set
 *                            ({@code API_TOKEN}; empty: writes refused, lists open); see {@link BearerToken}
 * @param metricsToken        the bearer token of {@code /metrics} ({@code METRICS_TOKEN}; empty: open)
 */
public record HttpOptions(long idleTimeoutMillis, int maxConnections, int maxInitialLineBytes, int maxHeaderBytes,
                          int maxBodyBytes, int ratePerSecond, int rateBurst, int apiMaxQueries, int locateMaxWaits,
                          String apiToken, String metricsToken) {
    public static final HttpOptions DEFAULT = new HttpOptions(60_000, 256, 4096, 8192, 4096, 50, 100, 8, 64, "", "");

    public HttpOptions {
        if (idleTimeoutMillis < 1 || maxConnections < 1 || maxInitialLineBytes < 1 || maxHeaderBytes < 1
                || maxBodyBytes < 0 || ratePerSecond < 0 || rateBurst < 1 || apiMaxQueries < 1 || locateMaxWaits < 1) {
            throw new IllegalArgumentException("HTTP limits out of range: idle " + idleTimeoutMillis + " ms, "
                    + maxConnections + " connections, line " + maxInitialLineBytes + ", headers " + maxHeaderBytes
                    + ", body " + maxBodyBytes + ", rate " + ratePerSecond + "/s burst " + rateBurst + ", "
                    + apiMaxQueries + " queries, " + locateMaxWaits + " locate waits");
        }
        BearerToken.check("API_TOKEN", apiToken);
        BearerToken.check("METRICS_TOKEN", metricsToken);
    }

    /** These options with {@code apiToken} and {@code metricsToken} (empty for none). */
    public HttpOptions withTokens(String apiToken, String metricsToken) {
        return new HttpOptions(idleTimeoutMillis, maxConnections, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes,
                ratePerSecond, rateBurst, apiMaxQueries, locateMaxWaits, apiToken, metricsToken);
    }

    /** The limits, and whether each token is set: never the tokens (a record would print them). */
    @Override
    public String toString() {
        return "HttpOptions[idle " + idleTimeoutMillis + " ms, " + maxConnections + " connections, line "
                + maxInitialLineBytes + ", headers " + maxHeaderBytes + ", body " + maxBodyBytes + ", rate "
                + ratePerSecond + "/s burst " + rateBurst + ", " + apiMaxQueries + " queries, " + locateMaxWaits
                + " locate waits, API token " + (apiToken.isEmpty() ? "unset" : "set") + ", metrics token "
                + (metricsToken.isEmpty() ? "unset" : "set") + "]";
    }
}
