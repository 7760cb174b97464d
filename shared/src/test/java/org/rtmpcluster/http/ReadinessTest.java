package org.rtmpcluster.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReadinessTest {

    @Test
    void aNodeIsReadyOnlyOnceJoinedAndListeningAndNotDraining() {
        Readiness r = new Readiness();
        assertEquals("not registered in the cluster yet", r.notReadyReason());
        r.joined();
        assertEquals("RTMP listener not up yet", r.notReadyReason());
        r.listening();
        assertNull(r.notReadyReason());
        r.draining();
        assertEquals("draining", r.notReadyReason());
    }
}
