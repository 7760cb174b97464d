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

    @Test
    void aNameWithSlashesGivesItsPrefixToTheApp() {
        StreamKey key = new StreamKey("live", "sub/x");
        assertEquals("live/sub", key.app());
        assertEquals("x", key.name());
        assertEquals(new StreamKey("a/b/c", "d"), new StreamKey("a", "b/c/d"));
    }

    @Test
    void theTwoSplitsOfOnePathAreOneStream() {
        // rtmp://host/live/sub/x: ffmpeg sends app "live/sub" + "x", rtmpdump -a live -y sub/x sends "live" + "sub/x".
        StreamKey ffmpeg = new StreamKey("live/sub", "x");
        StreamKey rtmpdump = new StreamKey("live", "sub/x");
        assertEquals(ffmpeg, rtmpdump);
        assertEquals(ffmpeg.hashCode(), rtmpdump.hashCode());
        assertEquals("live/sub/x", rtmpdump.toString());
    }

    @Test
    void parseSplitsAtTheLastSlashAndReadsBackWhatToStringWrote() {
        assertEquals(new StreamKey("live", "cam1"), StreamKey.parse("live/cam1"));
        StreamKey nested = StreamKey.parse("live/eu/cam1");
        assertEquals("live/eu", nested.app());
        assertEquals("cam1", nested.name());
        for (StreamKey key : new StreamKey[] {new StreamKey("a", "b"), new StreamKey("a/b/c", "d"),
                new StreamKey("a", "b/c/d")}) {
            assertEquals(key, StreamKey.parse(key.toString()));
        }
    }

    @Test
    void parseRefusesWhatIsNotAnAppAndAName() {
        for (String bad : new String[] {"", "live", "/cam", "live/", "live//cam", "/live/cam", "live/cam/",
                "live/../cam", "live/c am", "live/cam?x=1", "a".repeat(StreamKey.MAX_PART_LENGTH + 1) + "/cam"}) {
            assertFalse(StreamKey.isValidKey(bad), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamKey.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("stream key"), e.getMessage());
        }
        assertFalse(StreamKey.isValidKey(null));
        assertThrows(IllegalArgumentException.class, () -> StreamKey.parse(null));
        assertTrue(StreamKey.isValidKey("live/eu/cam1"));
    }

    @Test
    void aNameThatWouldMakeTheAppTooLongIsRefused() {
        String app = "a".repeat(StreamKey.MAX_PART_LENGTH - 2);
        assertEquals(app + "/b", new StreamKey(app, "b/c").app());
        assertThrows(IllegalArgumentException.class, () -> new StreamKey(app, "bb/c"));
        assertFalse(StreamKey.isValidKey(app + "/bb/c"));
    }
}
