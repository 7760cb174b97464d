package org.rtmpcluster.budget;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's one budget for the memory that peers make it hold: partial messages and unread chunks of every
 * connection, our replies queued for a peer, and the GOP caches of every stream. Each of them is a {@link Holder}
 * that reports what it holds as it changes; the sum never stays over {@link #limit()}.
 *
 * <p>When a holder would take the node over the limit, the node gives up memory where most of it is held: the
 * group (a peer address, or the GOP caches) holding the most, and in it the largest holder, is evicted (a connection
 * is closed, a GOP cache emptied) until what is left fits. So forty connections of one address holding partial
 * commands lose their largest first, and a publisher's keyframe in flight beside them keeps going. Eviction runs on
 * the evicted holder's own event loop; until it has, the sum may stay over the limit by what is being given back
 * and by what other connections read meanwhile (a read burst each: Netty reads a channel up to 16 times, 64 KiB
 * at most each, before its loop runs tasks).
 *
 * <p>Fan-out bytes queued for players are not here: they are one encoding per stream shared by its players, bounded
 * per player by {@code PLAYER_BACKLOG_BYTES}, and they stay referenced only while the GOP cache or a player's
 * socket holds them.
 */
public final class MemoryBudget {
    /** A budget that never evicts (tests, clients of our own). */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);
    /** The group of the GOP caches: emptying one loses nothing live, players already have it. */
    public static final String GOP_CACHES = "gop caches";

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();

    public MemoryBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("memory budget " + limit + " below 1 byte");
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now over all holders. */
    public long used() {
        return used.get();
    }

    /** Holders evicted so far (connections closed, GOP caches emptied) to keep the node within the limit. */
    public long evictions() {
        return evictions.get();
    }

    /**
     * A new holder in {@code group} (a peer's address, {@link #GOP_CACHES}); {@code evict} gives its memory back,
     * from any thread (it hops to the holder's loop), and is called at most once per eviction.
     */
    public Holder holder(String group, String name, Evictor evict) {
        Holder h = new Holder(group, name, evict);
        if (this != UNLIMITED) {
            holders.add(h);
        }
        return h;
    }

    /** Gives a holder's memory back. */
    @FunctionalInterface
    public interface Evictor {
        void evict(String reason);
    }

    /** Frees memory where most is held until the sum fits, sparing none but holders being evicted already. */
    private synchronized void evictOverflow() {
        long pending = 0;
        for (Holder h : holders) {
            if (h.evicting) {
                pending += h.held;
            }
        }
        while (used.get() - pending > limit) {
            Holder victim = largestOfLargestGroup();
            if (victim == null) {
                return;
            }
            String reason = "node memory budget: " + used.get() + " bytes held, limit " + limit + "; "
                    + victim.name + " held " + victim.held + " bytes, the most of " + victim.group;
            victim.evictionReason = reason; // before the flag: its owner reads the reason once it sees the flag
            victim.evicting = true;
            pending += victim.held;
            evictions.incrementAndGet();
            victim.evict.evict(reason);
        }
    }

    private Holder largestOfLargestGroup() {
        Map<String, Long> byGroup = new HashMap<>();
        for (Holder h : holders) {
            if (!h.evicting && h.held > 0) {
                byGroup.merge(h.group, h.held, Long::sum);
            }
        }
        String group = byGroup.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
        if (group == null) {
            return null;
        }
        return holders.stream().filter(h -> !h.evicting && group.equals(h.group))
                .max(Comparator.comparingLong(h -> h.held)).orElse(null);
    }

    /**
     * One thing that holds memory for a peer. Written by its owner's one thread; its size is read by eviction from
     * any thread.
     */
    public final class Holder {
        private final String group;
        private final String name;
        private final Evictor evict;
        private volatile long held;
        private volatile boolean evicting;
        private volatile String evictionReason;
        private boolean closed;

        private Holder(String group, String name, Evictor evict) {
            this.group = group;
            this.name = name;
            this.evict = evict;
        }

        /**
         * Now holds {@code bytes}. False when this holder was chosen to give memory back (its evictor has been
         * called, or is about to be): the caller stops growing.
         */
        public boolean hold(long bytes) {
            if (closed) {
                return false;
            }
            long delta = bytes - held;
            held = bytes;
            if (delta == 0) {
                return !evicting;
            }
            long now = used.addAndGet(delta);
            if (delta > 0 && now > limit) {
                evictOverflow();
            }
            return !evicting;
        }

        /** Why the budget evicted this holder, once it has. */
        public String evictionReason() {
            return evictionReason;
        }

        /** What this holder holds now. */
        public long held() {
            return held;
        }

        /** Holds nothing any more, and may hold again (a GOP cache after it was emptied). */
        public void emptied() {
            hold(0);
            evicting = false;
        }

        /** Gone for good: what it held is given back. */
        public void close() {
            if (!closed) {
                hold(0);
                closed = true;
                holders.remove(this);
            }
        }
    }
}
