package org.rtmpcluster.media;

import java.util.regex.Pattern;

/**
 * A live stream's identity: the path of its URL, {@code rtmp://host/live/cam1} being {@code live/cam1}. Clients cut
 * a longer path into app and stream name at different slashes (for {@code rtmp://host/live/sub/x} ffmpeg sends app
 * {@code live/sub} and name {@code x}; {@code rtmpdump -a live -y sub/x} sends {@code live} and {@code sub/x}), so
 * a key has one canonical form: the name is the path's last segment and the app is everything before it (one or
 * more segments). A name given with slashes hands its prefix to the app; {@link #parse} splits at the last slash.
 * Names are restricted to a conservative character set and length because they end up in logs, URLs, registry keys
 * and, later, paths.
 */
public record StreamKey(String app, String name) {
    /** The ceiling for a name part; connections enforce their own, lower, configured bound too. */
    public static final int MAX_PART_LENGTH = 1024;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~\\-]+(/[A-Za-z0-9._~\\-]+)*");

    public StreamKey {
        check("app", app);
        check("stream name", name);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            app = app + "/" + name.substring(0, slash);
            name = name.substring(slash + 1);
            check("app", app); // only its length can be new
        }
    }

    /** The key {@code key} ({@code app/name}, as {@link #toString} writes it) names; split at its last slash. */
    public static StreamKey parse(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("invalid stream key '" + abbreviate(key) + "', expected app/name");
        }
        int slash = key.lastIndexOf('/');
        return new StreamKey(key.substring(0, slash), key.substring(slash + 1));
    }

    /** Whether {@link #parse} would accept {@code key}: an app of one or more segments, a slash, a name. */
    public static boolean isValidKey(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        return slash > 0 && isValidPart(key.substring(0, slash)) && isValidPart(key.substring(slash + 1));
    }

    /** Whether {@code part} would be accepted as an app or stream name (segments joined by single slashes). */
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
