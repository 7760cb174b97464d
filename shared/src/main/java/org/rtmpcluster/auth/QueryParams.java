package org.rtmpcluster.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A stream name's or connect's query ({@code a=1&b=2}), as clients append it: the first value of each name,
 * percent-decoded where it decodes. Also the one place that knows which parameters are credentials, so that they
 * are stripped before a query is logged, stored or sent on.
 */
public final class QueryParams {
    /** Parameters that carry or are part of a credential: they never leave the node that read them. */
    public static final Set<String> CREDENTIALS = Set.of("exp", "kid", "sig", "token", "authmod", "user",
            "challenge", "response", "opaque", "link");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(String query) {
        if (query == null || query.isEmpty()) {
            return new QueryParams(Map.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return new QueryParams(Collections.unmodifiableMap(values));
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** {@code query} without its credential parameters, the rest as the client wrote them. */
    public static String withoutCredentials(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!pair.isEmpty() && !CREDENTIALS.contains(name)) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape stays as sent; a credential in it then fails to verify
        }
    }
}
