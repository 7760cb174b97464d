package org.rtmpcluster.http;

/** Why the HTTP server refused a request or a connection: the {@code reason} label of {@code http_refused_total}. */
enum Refusal {
    /** {@code API_MAX_QUERIES} list and stream requests were in flight (503). */
    BUSY("busy"),
    /** {@code LOCATE_MAX_WAITS} locates were waiting (503). */
    LOCATE_WAITS("locate_waits"),
    /** The client address was over its rate (429). */
    RATE("rate"),
    /** {@code HTTP_MAX_CONNECTIONS} were open: the connection was closed as it was accepted. */
    CONNECTIONS("connections"),
    /** The request line was longer than {@code HTTP_MAX_INITIAL_LINE} (414). */
    REQUEST_LINE_TOO_LONG("request_line_too_long"),
    /** The headers were larger than {@code HTTP_MAX_HEADER_BYTES} (431). */
    HEADERS_TOO_LARGE("headers_too_large"),
    /** The body was larger than {@code HTTP_MAX_BODY_BYTES}, or its length not given (413). */
    BODY_TOO_LARGE("body_too_large"),
    /** The request could not be parsed (400). */
    MALFORMED("malformed"),
    /** The route needs a bearer token the request did not carry (401), or writes are off (403): {@link ApiAccess}. */
    UNAUTHORIZED("unauthorized");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
