package org.rtmpcluster.media;

import java.util.regex.Pattern;

/**
 * A live stream's identity: application and stream name, e.g. {@code live/cam1}. Names are restricted to a
 * conservative character set and length because they end up in logs, URLs, registry keys and, later, paths.
 */
public record StreamKey(String app, String name) {
    /** The ceiling for a name part; connections enforce their own, lower, configured bound too. */
    public static final int MAX_PART_LENGTH = 1024;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~\\-]+(/[A-Za-z0-9._~\\-]+)*");

    public StreamKey {
        check("app", app);
        check("stream name", name);
    }

    /** Whether {@code part} would be accepted as an app or stream name. */
    public static boolean isValidPart(String part) {
        return part != null && !part.isEmpty() && part.length() <= MAX_PART_LENGTH && ALLOWED.matcher(part).matches()
                && !part.contains("..");
    }

    private static void check(String what, String part) {
        if (!isValidPart(part)) {
            throw new IllegalArgumentException("invalid " + what + " '" + abbreviate(part) + "'");
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public String toString() {
        return app + "/" + name;
    }
}
