package org.rtmpcluster.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Who the soak has on the edge, per stream key: players open now, and when the last one left. A player counts from
 * before it connects until its connection has closed, so the ledger never shows a key empty while the edge could
 * still see one of its players. Any thread.
 */
final class PlayerLedger {
    private final Map<String, Presence> byKey = new TreeMap<>();

    private static final class Presence {
        int open;
        long lastLeftNanos = Long.MIN_VALUE;
    }

    synchronized void joined(String key) {
        byKey.computeIfAbsent(key, k -> new Presence()).open++;
    }

    synchronized void left(String key, long nowNanos) {
        Presence p = byKey.get(key);
        if (p == null || p.open == 0) {
            throw new IllegalStateException("a player left " + key + ", which had none");
        }
        p.open--;
        p.lastLeftNanos = nowNanos;
    }

    /** Players open now, by key; keys with none are left out. */
    synchronized Map<String, Integer> openNow() {
        Map<String, Integer> open = new TreeMap<>();
        byKey.forEach((k, p) -> {
            if (p.open > 0) {
                open.put(k, p.open);
            }
        });
        return open;
    }

    synchronized int total() {
        return byKey.values().stream().mapToInt(p -> p.open).sum();
    }

    /** Whether {@code key} had a player at any moment of the last {@code millis} before {@code nowNanos}. */
    synchronized boolean heldWithin(String key, long nowNanos, long millis) {
        Presence p = byKey.get(key);
        return p != null && (p.open > 0 || nowNanos - p.lastLeftNanos <= millis * 1_000_000);
    }

    /** How many keys had a player at any moment of the last {@code millis} before {@code nowNanos}. */
    synchronized int keysHeldWithin(long nowNanos, long millis) {
        return (int) byKey.keySet().stream().filter(k -> heldWithin(k, nowNanos, millis)).count();
    }

    /** Since when no key has had a player: the latest leave; {@code Long.MIN_VALUE} if none ever did. */
    synchronized long lastLeftNanos() {
        return byKey.values().stream().mapToLong(p -> p.lastLeftNanos).max().orElse(Long.MIN_VALUE);
    }
}
