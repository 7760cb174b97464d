package org.rtmpcluster.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --name value} command-line flags of a bench subcommand; a missing or malformed one is a usage error. */
final class Flags {
    private final Map<String, String> values = new HashMap<>();

    Flags(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("flags come in pairs (--name value), got " + Arrays.toString(args));
        }
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected a --flag, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name) {
        String v = string(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, got '" + v + "'");
        }
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? integer(name) : fallback;
    }

    long longInteger(String name, long fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, got '" + v + "'");
        }
    }

    double decimal(String name, double fallback) {
        String v = values.get(name);
        try {
            double d = v == null ? fallback : Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a number, got '" + v + "'");
        }
    }

    /** Refuses any flag not in {@code known}: a misspelt flag would otherwise leave its default in place unseen. */
    void allowOnly(Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown flag --" + unknown.iterator().next() + " (known: --"
                    + String.join(", --", new TreeSet<>(known)) + ")");
        }
    }

    /** A comma-separated list of process ids; empty if the flag is absent or blank. */
    List<Long> pids(String name) {
        String v = values.getOrDefault(name, "").trim();
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).map(Long::parseLong).toList();
    }
}
