package org.rtmpcluster.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook's recent yeses, so that a player rejoining (or a crowd joining one stream with the same link) does
 * not cost a round trip each: keyed by action, path, peer and a hash of the whole query, credentials included (a
 * different token is a different request, and the cache holds no credential itself). An entry lasts
 * {@code cacheMillis} and never past the lifetime the webhook granted; the reused grant keeps the original end.
 * At most {@link #MAX_ENTRIES}, the oldest evicted first. Shared by every event loop of the node, so locked; each
 * call holds the lock for a map operation only.
 */
final class WebhookCache {
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Grant grant, long validUntilMillis) {
    }

    private final long cacheMillis;
    private final int maxEntries;
    private final Map<String, Entry> entries;

    WebhookCache(long cacheMillis) {
        this(cacheMillis, MAX_ENTRIES);
    }

    WebhookCache(long cacheMillis, int maxEntries) {
        this.cacheMillis = cacheMillis;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > WebhookCache.this.maxEntries;
            }
        };
    }

    boolean isEnabled() {
        return cacheMillis > 0;
    }

    /** The cached yes for {@code request}, or null. */
    Grant get(AuthRequest request, long nowMillis) {
        if (!isEnabled()) {
            return null;
        }
        String key = key(request);
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (e.validUntilMillis <= nowMillis) {
                entries.remove(key);
                return null;
            }
            return e.grant;
        }
    }

    /** Keeps {@code grant}, the webhook's yes to {@code request} at {@code nowMillis}. */
    void put(AuthRequest request, Grant grant, long nowMillis) {
        if (!isEnabled()) {
            return;
        }
        long until = nowMillis + cacheMillis;
        if (grant.expiresAtMillis() != 0) {
            until = Math.min(until, grant.expiresAtMillis());
        }
        if (until <= nowMillis) {
            return;
        }
        String key = key(request);
        synchronized (entries) {
            entries.remove(key); // re-inserted at the young end, so eviction stays oldest-first
            entries.put(key, new Entry(grant, until));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String key(AuthRequest request) {
        return request.action().wireName() + "|" + request.path() + "|" + request.peer() + "|"
                + sha256(request.query());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
