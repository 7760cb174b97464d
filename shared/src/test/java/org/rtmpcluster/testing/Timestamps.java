package org.rtmpcluster.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Checks on the timestamps a player received. */
public final class Timestamps {
    private Timestamps() {
    }

    /**
     * Audio and video timestamps, taken together, never go back. Data messages are left out: metadata goes at
     * timestamp 0 wherever it comes (libavformat takes it for metadata only there), cue points keep the publisher's.
     */
    public static void assertMediaNeverGoesBack(List<Received> received) {
        long last = -1;
        for (Received r : received) {
            if (!r.isData()) {
                assertTrue(r.timestamp() >= last, "media timestamp " + r.timestamp() + " after " + last + ": " + r);
                last = r.timestamp();
            }
        }
    }
}
