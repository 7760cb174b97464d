package org.rtmpcluster.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which stream each of the origin's players plays, by the player's port, as the origin logs it
 * ({@code play started live/a by 127.0.0.1:40312}, then {@code play stopped ...}). In a soak the origin's only
 * players are the edge's upstream connections, so this maps each upstream the edge holds to its stream key.
 */
final class OriginPlays {
    private static final Pattern PLAY = Pattern.compile("play (started|stopped) (\\S+) by \\S*:(\\d+)\\s*$");

    private final Map<Integer, String> keyByPort = new HashMap<>();

    /** Takes the origin's next log lines, in the order it wrote them. */
    void read(List<String> lines) {
        for (String line : lines) {
            Matcher m = PLAY.matcher(line);
            if (!m.find()) {
                continue;
            }
            int port = Integer.parseInt(m.group(3));
            if (m.group(1).equals("started")) {
                keyByPort.put(port, m.group(2));
            } else {
                keyByPort.remove(port, m.group(2));
            }
        }
    }

    /** The stream the origin's player on {@code port} plays, or null if the origin has not logged it playing. */
    String keyOf(int port) {
        return keyByPort.get(port);
    }
}
