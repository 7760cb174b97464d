package org.rtmpcluster.metering;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where and how session events go ({@code EVENTS_*}).
 *
 * @param url           the receiver, an absolute http(s) URL; empty: no events
 * @param secret        HMAC-SHA256 key of the body's signature header; empty: unsigned
 * @param updateSeconds how often a live session reports its running totals
 * @param queueMax      events waiting to be delivered at most; one more is dropped and counted
 * @param timeoutMillis a request unanswered this long fails (and is retried)
 */
public record EventsOptions(String url, String secret, int updateSeconds, int queueMax, long timeoutMillis) {
    public static final EventsOptions NONE = new EventsOptions("", "", 30, 10_000, 5000);

    /**
     * @throws IllegalArgumentException when {@code url} is set and is not an absolute http(s) URL; the message does
     *                                  not repeat it (a query there may hold the receiver's own secret)
     */
    public EventsOptions {
        if (!url.isEmpty()) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new IllegalArgumentException("EVENTS_WEBHOOK_URL is not an absolute http:// or https:// URL");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("EVENTS_WEBHOOK_URL is not a URL (" + e.getReason() + ")");
            }
        }
    }

    public boolean isConfigured() {
        return !url.isEmpty();
    }

    /** How long a stopping node waits for its queue to empty: the stops of the sessions it just closed. */
    public long shutdownFlushMillis() {
        return 2 * timeoutMillis;
    }
}
