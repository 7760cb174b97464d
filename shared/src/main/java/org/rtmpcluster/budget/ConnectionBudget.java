package org.rtmpcluster.budget;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The node's bounds on connections: how many it holds, how many one address holds, and how many have not completed
 * {@code connect} yet (a session that only handshakes costs little each, but thousands of them cost a node its
 * file descriptors and its budget for real clients). A connection past a bound is refused at accept, before it
 * costs a handshake.
 */
public final class ConnectionBudget {
    /** No bounds (tests, clients of our own). */
    public static final ConnectionBudget UNLIMITED = new ConnectionBudget(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE);

    private final int maxConnections;
    private final int maxPerAddress;
    private final int maxUnconnected;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger unconnected = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private volatile Predicate<String> clusterPeer = address -> false;

    /**
     * @param maxConnections connections the node holds
     * @param maxPerAddress  connections one peer address holds
     * @param maxUnconnected connections that have not completed {@code connect}
     */
    public ConnectionBudget(int maxConnections, int maxPerAddress, int maxUnconnected) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.maxUnconnected = maxUnconnected;
    }

    /** What refused a connection. */
    public enum Refusal {
        CONNECTIONS("MAX_CONNECTIONS"), PER_ADDRESS("MAX_CONNECTIONS_PER_ADDRESS"),
        UNCONNECTED("MAX_UNCONNECTED_SESSIONS");

        private final String setting;

        Refusal(String setting) {
            this.setting = setting;
        }

        /** The setting whose bound was reached. */
        public String setting() {
            return setting;
        }
    }

    /** A connection taken: counted until {@link #close()}. */
    public final class Ticket {
        private final String address;
        private boolean connected;
        private boolean closed;

        private Ticket(String address) {
            this.address = address;
        }

        /** The session completed {@code connect}: it no longer counts against {@code MAX_UNCONNECTED_SESSIONS}. */
        public void connected() {
            if (!connected && !closed) {
                connected = true;
                unconnected.decrementAndGet();
            }
        }

        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!connected) {
                unconnected.decrementAndGet();
            }
            open.decrementAndGet();
            byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
        }
    }

    /**
     * Addresses the per-address bound does not apply to: the cluster's own nodes, since an edge pulls each stream
     * over a connection of its own. Asked only of an address at its bound.
     */
    public void exemptFromPerAddress(Predicate<String> isClusterPeer) {
        this.clusterPeer = isClusterPeer;
    }

    /** The outcome of an accept: a ticket, or what refused it. */
    public record Admission(Ticket ticket, Refusal refusal) {
        public boolean admitted() {
            return ticket != null;
        }
    }

    /** Takes a connection from {@code address} (host, no port) if every bound allows it. Any thread. */
    public Admission admit(String address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return new Admission(null, Refusal.CONNECTIONS);
        }
        if (unconnected.incrementAndGet() > maxUnconnected) {
            unconnected.decrementAndGet();
            open.decrementAndGet();
            return new Admission(null, Refusal.UNCONNECTED);
        }
        boolean[] over = new boolean[1];
        byAddress.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() >= maxPerAddress && !clusterPeer.test(a)) {
                over[0] = true;
                return n;
            }
            count.incrementAndGet();
            return count;
        });
        if (over[0]) {
            unconnected.decrementAndGet();
            open.decrementAndGet();
            return new Admission(null, Refusal.PER_ADDRESS);
        }
        return new Admission(new Ticket(address), null);
    }

    /** Connections held now. */
    public int open() {
        return open.get();
    }

    /** Connections that have not completed {@code connect}. */
    public int unconnected() {
        return unconnected.get();
    }
}
