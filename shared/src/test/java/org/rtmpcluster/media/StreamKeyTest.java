package org.rtmpcluster.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream names end up in logs, registry keys and (later) paths: only a conservative set gets through. */
class StreamKeyTest {

    @Test
    void ordinaryNamesAndNestedAppsAreAccepted() {
        assertTrue(StreamKey.isValidPart("cam-1_main.hd~2"));
        assertTrue(StreamKey.isValidPart("live/eu"));
        assertEquals("live/eu/cam", new StreamKey("live/eu", "cam").toString());
    }

    @Test
    void nameLengthHasACeiling() {
        assertTrue(StreamKey.isValidPart("a".repeat(StreamKey.MAX_PART_LENGTH)));
        assertFalse(StreamKey.isValidPart("a".repeat(StreamKey.MAX_PART_LENGTH + 1)));
    }

    @Test
    void pathTricksControlCharactersAndEmptyPartsAreRefused() {
        for (String bad : new String[] {"", "..", "a/../b", "/abs", "trailing/", "a//b", "sp ace", "new\nline",
                "nul\0", "per%cent", "q?x", "back\\slash", "ümlaut"}) {
            assertFalse(StreamKey.isValidPart(bad), bad);
        }
        assertFalse(StreamKey.isValidPart(null));
    }

    @Test
    void constructingAnInvalidKeySaysWhichPartAndClipsIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamKey("live", "x".repeat(StreamKey.MAX_PART_LENGTH + 1)));
        assertTrue(e.getMessage().startsWith("invalid stream name 'xxxx"), e.getMessage());
        assertTrue(e.getMessage().length() < 100, "clipped: " + e.getMessage().length());
    }
}
