package org.rtmpcluster.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the fan-out model ({@link FanOutModel}) simulates, from the {@code model} subcommand's flags; every flag has
 * a default (the 1,000,000 players over 3 zones x 50 edges) and a bad value is a usage error.
 *
 * @param players         players that join ({@code --players})
 * @param zones           zones, each with the same number of edges ({@code --zones})
 * @param edgesPerZone    edges in each zone ({@code --edges-per-zone})
 * @param origins         origins, holding the streams between them ({@code --origins})
 * @param streams         live streams ({@code --streams})
 * @param zipf            Zipf exponent of the streams' popularity: the k-th stream draws in proportion to
 *                        1/k^zipf (0: all equally popular) ({@code --zipf})
 * @param zoneSplit       share of the players in each zone, summing to 1 ({@code --zone-split}, default equal)
 * @param videoKbps       each stream's video bitrate ({@code --video-kbps})
 * @param audioKbps       each stream's audio bitrate ({@code --audio-kbps}); a player's egress is video + audio
 * @param capacityPlayers each edge's {@code EDGE_CAPACITY_PLAYERS} ({@code --capacity-players}; 0: no limit)
 * @param capacityMbps    each edge's {@code EDGE_CAPACITY_BPS} in Mbit/s ({@code --capacity-mbps}; 0: no limit)
 * @param zoneOrder       {@code ZONE_ORDER}: zone numbers (1-based) to try, in order, when a player's zone is full
 *                        ({@code --zone-order}, comma-separated; default none: the others by name)
 * @param seed            the random draws' seed: one seed, one result ({@code --seed})
 * @param joinRate        players joining per second ({@code --join-rate}); 0: all join before any time passes
 * @param registryLoad    routing sees each edge's load as its last registry write ({@code --routing-load
 *                        registry}: written as {@code NodeRegistry} writes it) instead of as it is now
 *                        ({@code fresh})
 * @param churnRate       after the joins, players leaving per second, each replaced by a new player at once
 *                        ({@code --churn-rate}; 0: no churn phase)
 * @param churnSeconds    how long the churn phase lasts ({@code --churn-seconds})
 * @param idleMillis      {@code EDGE_UPSTREAM_IDLE_MS}: an upstream closes this long after its last player left
 *                        ({@code --idle-ms})
 */
record ModelSettings(int players, int zones, int edgesPerZone, int origins, int streams, double zipf,
                     double[] zoneSplit, int videoKbps, int audioKbps, int capacityPlayers, int capacityMbps,
                     List<Integer> zoneOrder, long seed, double joinRate, boolean registryLoad, double churnRate,
                     int churnSeconds, long idleMillis) {

    static final Set<String> FLAGS = Set.of("players", "zones", "edges-per-zone", "origins", "streams", "zipf",
            "zone-split", "video-kbps", "audio-kbps", "capacity-players", "capacity-mbps", "zone-order", "seed",
            "join-rate", "routing-load", "churn-rate", "churn-seconds", "idle-ms");

    /** The default of {@code EDGE_UPSTREAM_IDLE_MS} ({@code NodeConfig}). */
    static final long DEFAULT_IDLE_MILLIS = 5000;

    ModelSettings {
        zoneOrder = List.copyOf(zoneOrder);
        zoneSplit = zoneSplit.clone();
    }

    static ModelSettings from(Flags f) {
        f.allowOnly(FLAGS);
        int zones = atLeast(f, "zones", 3, 1);
        String load = f.string("routing-load", "fresh");
        if (!load.equals("fresh") && !load.equals("registry")) {
            throw new IllegalArgumentException("--routing-load: expected fresh or registry, got '" + load + "'");
        }
        ModelSettings s = new ModelSettings(atLeast(f, "players", 1_000_000, 0), zones,
                atLeast(f, "edges-per-zone", 50, 1), atLeast(f, "origins", 3, 1), atLeast(f, "streams", 2000, 1),
                nonNegative(f, "zipf", 1.0), split(f.string("zone-split", ""), zones),
                atLeast(f, "video-kbps", 3000, 1), atLeast(f, "audio-kbps", 128, 0),
                atLeast(f, "capacity-players", 8000, 0), atLeast(f, "capacity-mbps", 0, 0),
                order(f.string("zone-order", ""), zones), f.longInteger("seed", 1), nonNegative(f, "join-rate", 0),
                load.equals("registry"), nonNegative(f, "churn-rate", 0), atLeast(f, "churn-seconds", 60, 1),
                f.longInteger("idle-ms", DEFAULT_IDLE_MILLIS));
        if (s.idleMillis < 1) {
            throw new IllegalArgumentException("--idle-ms must be at least 1, got " + s.idleMillis);
        }
        if (s.registryLoad && s.joinRate == 0) {
            throw new IllegalArgumentException("--routing-load registry needs time to pass between joins: give "
                    + "--join-rate (players per second)");
        }
        return s;
    }

    int edges() {
        return zones * edgesPerZone;
    }

    /** A stream's bitrate, what one player or one upstream carries. */
    long streamBps() {
        return (videoKbps + (long) audioKbps) * 1000;
    }

    long capacityBps() {
        return capacityMbps * 1_000_000L;
    }

    /** Whether time passes in the simulation (joins at a rate, or a churn phase). */
    boolean timed() {
        return joinRate > 0 || churnRate > 0;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d players, %d zones x %d edges, %d origins, %d streams (Zipf s=%s), "
                        + "%d kbit/s per stream (%d video + %d audio), edge capacity %s, seed %d", players, zones,
                edgesPerZone, origins, streams, trim(zipf), streamBps() / 1000, videoKbps, audioKbps, capacity(),
                seed);
    }

    private String capacity() {
        if (capacityPlayers == 0 && capacityMbps == 0) {
            return "none";
        }
        String byPlayers = capacityPlayers > 0 ? capacityPlayers + " players" : "";
        String byBits = capacityMbps > 0 ? capacityMbps + " Mbit/s" : "";
        return byPlayers.isEmpty() ? byBits : byBits.isEmpty() ? byPlayers : byPlayers + " or " + byBits;
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static int atLeast(Flags f, String name, int fallback, int min) {
        int v = f.integer(name, fallback);
        if (v < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static double nonNegative(Flags f, String name, double fallback) {
        double v = f.decimal(name, fallback);
        if (v < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, got " + trim(v));
        }
        return v;
    }

    private static double[] split(String value, int zones) {
        if (value.isBlank()) {
            double[] equal = new double[zones];
            Arrays.fill(equal, 1.0 / zones);
            return equal;
        }
        String[] parts = value.split(",");
        if (parts.length != zones) {
            throw new IllegalArgumentException("--zone-split: expected " + zones + " shares (one per zone), got '"
                    + value + "'");
        }
        double[] shares = new double[zones];
        double sum = 0;
        for (int i = 0; i < zones; i++) {
            try {
                shares[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--zone-split: expected numbers, got '" + value + "'");
            }
            if (!(shares[i] >= 0)) {
                throw new IllegalArgumentException("--zone-split: shares must not be negative, got '" + value + "'");
            }
            sum += shares[i];
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("--zone-split: shares sum to 0 in '" + value + "'");
        }
        for (int i = 0; i < zones; i++) {
            shares[i] /= sum;
        }
        return shares;
    }

    private static List<Integer> order(String value, int zones) {
        if (value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).map(z -> {
            try {
                int n = Integer.parseInt(z);
                if (n >= 1 && n <= zones) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("--zone-order: expected zone numbers 1.." + zones + ", got '"
                    + value + "'");
        }).toList();
    }
}
