package org.rtmpcluster.k8s;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the checks found wrong, one line each (once), naming the object: "Deployment/rtmp-edge: ...". */
final class Problems {
    private final Set<String> lines = new LinkedHashSet<>();

    void add(String where, String what) {
        lines.add(where + ": " + what);
    }

    void check(boolean holds, String where, String what) {
        if (!holds) {
            add(where, what);
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
