package org.rtmpcluster.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: {@code burst} requests at once, then {@code perSecond} on average. The table is
 * bounded ({@link #MAX_CLIENTS}): a new address takes the place of the least recently seen one only once that one's
 * bucket has filled up again (it has been quiet, so forgetting it gives it nothing); while every tracked address is
 * active, new addresses share one overflow bucket. So many addresses can neither grow the node's memory nor get a
 * fresh burst each by pushing the others out. An IPv6 client is its /64 ({@link #clientOf}): one host holds a whole
 * /64 and could otherwise take a new address for each request.
 */
final class ClientRates {
    /** Addresses tracked at once: about 100 bytes each. */
    static final int MAX_CLIENTS = 10_000;
    private static final int IPV6_BYTES = 16;

    private final double perNano;
    private final double burst;
    private final int maxClients;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);
    private final Bucket overflow;

    ClientRates(int perSecond, int burst, long nowNanos) {
        this(perSecond, burst, MAX_CLIENTS, nowNanos);
    }

    ClientRates(int perSecond, int burst, int maxClients, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxClients = maxClients;
        this.overflow = new Bucket(burst, nowNanos);
    }

    /** Takes one request's token from {@code address}'s bucket; false when it is empty (the client is over rate). */
    synchronized boolean tryTake(String address, long nowNanos) {
        Bucket b = buckets.get(address);
        if (b == null) {
            if (buckets.size() >= maxClients) {
                Iterator<Bucket> eldest = buckets.values().iterator();
                Bucket quiet = eldest.next();
                if (quiet.level(nowNanos) < burst) {
                    return overflow.take(nowNanos);
                }
                eldest.remove();
            }
            b = new Bucket(burst, nowNanos);
            buckets.put(address, b);
        }
        return b.take(nowNanos);
    }

    /** The client an address counts as: an IPv4 address itself, an IPv6 address's /64 network. */
    static String clientOf(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A numeric literal: parsed, never looked up.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != IPV6_BYTES) {
                return address;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < IPV6_BYTES / 2; i += 2) {
                network.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    synchronized int tracked() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long atNanos;

        Bucket(double tokens, long atNanos) {
            this.tokens = tokens;
            this.atNanos = atNanos;
        }

        double level(long nowNanos) {
            return Math.min(burst, tokens + Math.max(0, nowNanos - atNanos) * perNano);
        }

        boolean take(long nowNanos) {
            tokens = level(nowNanos);
            atNanos = Math.max(atNanos, nowNanos);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
