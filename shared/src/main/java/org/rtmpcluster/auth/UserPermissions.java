package org.rtmpcluster.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * What a password user may do: a list of {@code action:path} entries ({@code publish:live/*}, {@code play:live/cam1}),
 * a path being an exact key or a prefix ending in {@code *}. Without a list, a user may publish and play every key.
 */
final class UserPermissions {
    static final UserPermissions EVERYTHING = new UserPermissions(List.of(
            new Entry(AuthRequest.Action.PUBLISH, "*"), new Entry(AuthRequest.Action.PLAY, "*")));

    private final List<Entry> entries;

    private UserPermissions(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    private record Entry(AuthRequest.Action action, String pattern) {
        boolean allows(AuthRequest.Action asked, String path) {
            if (asked != action) {
                return false;
            }
            return pattern.endsWith("*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    : path.equals(pattern);
        }

        @Override
        public String toString() {
            return action.wireName() + ":" + pattern;
        }
    }

    /**
     * Parses {@code publish:live/*,play:live/cam1}.
     *
     * @throws IllegalArgumentException saying which entry is wrong
     */
    static UserPermissions parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String e = item.strip();
            int colon = e.indexOf(':');
            String action = colon < 0 ? e : e.substring(0, colon);
            String pattern = colon < 0 ? "" : e.substring(colon + 1);
            AuthRequest.Action a = switch (action) {
                case "publish" -> AuthRequest.Action.PUBLISH;
                case "play" -> AuthRequest.Action.PLAY;
                default -> throw new IllegalArgumentException("permission '" + e
                        + "' is not publish:PATH or play:PATH");
            };
            entries.add(new Entry(a, checkedPattern(pattern)));
        }
        return new UserPermissions(entries);
    }

    /** A path a permission names: a key, or a prefix ending in {@code *}, without spaces, commas or colons. */
    static String checkedPattern(String pattern) {
        if (pattern.isEmpty() || !pattern.matches("[^\\s,:*]*\\*?")) {
            throw new IllegalArgumentException("permission path '" + pattern
                    + "' is not a key or a prefix ending in * (no spaces, commas or colons)");
        }
        return pattern;
    }

    boolean allows(AuthRequest.Action action, String path) {
        for (Entry e : entries) {
            if (e.allows(action, path)) {
                return true;
            }
        }
        return false;
    }

    /** As a users file writes it. */
    @Override
    public String toString() {
        return String.join(",", entries.stream().map(Entry::toString).toList());
    }
}
