package org.rtmpcluster.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * The {@code authmod=adobe} challenges a node has handed out and not yet seen answered, by opaque: random, single
 * use (taken out when answered, whatever the answer), valid for a short while, and at most so many at once. Connects
 * arrive on every event loop, so the table is locked; each call does a bounded amount of work under the lock.
 * A full table refuses new logins rather than grow: a flood of step-2 connects costs a fixed amount of memory.
 */
final class AdobeChallenges {
    static final int DEFAULT_MAX_OUTSTANDING = 10_000;
    static final long DEFAULT_TTL_MILLIS = 60_000;
    /** 96 random bits: not guessable, and short enough for ffmpeg's and librtmp's fixed buffers. */
    private static final int RANDOM_BYTES = 12;

    /** A challenge handed out: its user, the two random values the client is sent, when it lapses. */
    record Pending(String user, String challenge, String opaque, long expiresAtMillis) {
    }

    private final SecureRandom random = new SecureRandom();
    /** Insertion order is expiry order (one lifetime for all), so lapsed entries are always at the head. */
    private final LinkedHashMap<String, Pending> byOpaque = new LinkedHashMap<>();
    private final int maxOutstanding;
    private final long ttlMillis;
    private final LongSupplier nowMillis;

    AdobeChallenges(int maxOutstanding, long ttlMillis, LongSupplier nowMillis) {
        this.maxOutstanding = maxOutstanding;
        this.ttlMillis = ttlMillis;
        this.nowMillis = nowMillis;
    }

    /** A new challenge for {@code user}, or null when {@code maxOutstanding} are outstanding already. */
    Pending issue(String user) {
        String challenge = randomValue();
        String opaque = randomValue();
        synchronized (this) {
            long now = nowMillis.getAsLong();
            dropLapsed(now);
            if (byOpaque.size() >= maxOutstanding || byOpaque.containsKey(opaque)) {
                return null; // a repeated 96-bit value means a broken random source: refuse rather than reuse
            }
            Pending pending = new Pending(user, challenge, opaque, now + ttlMillis);
            byOpaque.put(opaque, pending);
            return pending;
        }
    }

    /** The challenge handed out with {@code opaque}, removed; null when there is none or it lapsed. */
    synchronized Pending take(String opaque) {
        if (opaque == null) {
            return null;
        }
        long now = nowMillis.getAsLong();
        dropLapsed(now);
        Pending pending = byOpaque.remove(opaque);
        return pending == null || pending.expiresAtMillis() <= now ? null : pending;
    }

    synchronized int outstanding() {
        return byOpaque.size();
    }

    private void dropLapsed(long now) {
        Iterator<Pending> it = byOpaque.values().iterator();
        while (it.hasNext() && it.next().expiresAtMillis() <= now) {
            it.remove();
        }
    }

    private String randomValue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        // base64url without padding: nothing a client's query parser would decode or split on
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
