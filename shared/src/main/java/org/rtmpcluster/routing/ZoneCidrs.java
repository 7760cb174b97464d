package org.rtmpcluster.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client address ranges by zone ({@code ZONE_CIDRS}, e.g. {@code eu=10.1.0.0/16,us=10.2.0.0/16}): which zone a
 * player is in when nothing better says so. The most specific range wins.
 */
public final class ZoneCidrs {
    public static final ZoneCidrs NONE = new ZoneCidrs(List.of());

    private record Range(String zone, byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private ZoneCidrs(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code zone=address/prefix} entries, comma-separated; addresses are numeric (IPv4 or IPv6), never
     * looked up. Throws IllegalArgumentException naming the bad entry.
     */
    public static ZoneCidrs parse(String text) {
        List<Range> ranges = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return NONE;
        }
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            int slash = e.lastIndexOf('/');
            if (eq <= 0 || slash < eq) {
                throw new IllegalArgumentException("'" + e + "' (expected zone=address/prefix)");
            }
            byte[] network = numeric(e.substring(eq + 1, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException bad) {
                prefix = -1;
            }
            if (network == null || prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + e + "' (expected zone=address/prefix)");
            }
            ranges.add(new Range(e.substring(0, eq), network, prefix));
        }
        ranges.sort((a, b) -> Integer.compare(b.prefix, a.prefix)); // most specific first
        return new ZoneCidrs(ranges);
    }

    /** The zone of {@code address} (numeric), or null when no range holds it. */
    public String zoneOf(String address) {
        byte[] bytes = numeric(address);
        if (bytes == null) {
            return null;
        }
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return r.zone;
            }
        }
        return null;
    }

    /** The bytes of a numeric IPv4 or IPv6 address; null for anything else (no name is ever resolved). */
    private static byte[] numeric(String address) {
        if (address == null || address.isEmpty() || address.length() > 64
                || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress(); // numeric only: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
