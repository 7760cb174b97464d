package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OriginPlaysTest {
    private static final String PREFIX = "2026-12-01 22:56:21.579 INFO [org.rtmpcluster.server.ServerSession] ";

    @Test
    void mapsAPlayersPortToItsStreamUntilThePlayStops() {
        OriginPlays plays = new OriginPlays();
        plays.read(List.of(PREFIX + "play started live/soak1 by 127.0.0.1:40312"));
        assertEquals("live/soak1", plays.keyOf(40312));

        plays.read(List.of(PREFIX + "play stopped live/soak1 by 127.0.0.1:40312"));
        assertNull(plays.keyOf(40312));
    }

    @Test
    void aReusedPortTakesTheNewStreamAndTheOldStopDoesNotEraseIt() {
        OriginPlays plays = new OriginPlays();
        plays.read(List.of(PREFIX + "play started live/soak1 by 127.0.0.1:40312",
                PREFIX + "play started live/soak2 by 127.0.0.1:40312",
                PREFIX + "play stopped live/soak1 by 127.0.0.1:40312"));

        assertEquals("live/soak2", plays.keyOf(40312));
    }

    @Test
    void otherLinesAreIgnored() {
        OriginPlays plays = new OriginPlays();
        plays.read(List.of(PREFIX + "publish started live/soak1 from 127.0.0.1:40400",
                "2026-12-01 22:56:21.579 INFO [org.rtmpcluster.rtmp.net.RtmpConnection] closing 127.0.0.1:40401 "
                        + "play live/soak1: peer closed the connection"));

        assertNull(plays.keyOf(40400));
        assertNull(plays.keyOf(40401));
    }
}
