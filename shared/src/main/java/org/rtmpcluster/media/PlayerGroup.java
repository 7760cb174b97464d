package org.rtmpcluster.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The players of one stream on one event loop. Touched only on that loop. Delivery walks an array that is rebuilt
 * only when players join or leave, so a batch costs no allocation however many players there are, and a player
 * that leaves during a delivery does not disturb it.
 */
final class PlayerGroup {
    private static final Subscriber[] NONE = new Subscriber[0];

    private final List<Subscriber> players = new ArrayList<>();
    private Subscriber[] snapshot = NONE;

    void add(Subscriber s) {
        players.add(s);
        snapshot = players.toArray(NONE);
    }

    boolean remove(Subscriber s) {
        boolean removed = players.remove(s);
        if (removed) {
            snapshot = players.toArray(NONE);
            s.dispose();
        }
        return removed;
    }

    void disposeAll() {
        players.forEach(Subscriber::dispose);
        players.clear();
        snapshot = NONE;
    }

    /** The players now; the array is never changed, only replaced. */
    Subscriber[] players() {
        return snapshot;
    }
}
