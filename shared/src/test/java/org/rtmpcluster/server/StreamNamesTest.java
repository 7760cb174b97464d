package org.rtmpcluster.server;

import org.rtmpcluster.auth.AuthRequest;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.media.StreamKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StreamNamesTest {
    private final StreamNames names = new StreamNames(16);

    @Test
    void theAppLosesItsSlashesAndItsQuery() {
        StreamNames.Requested r = StreamNames.Requested.parse("/live/?token=abc");
        assertEquals("live", names.app(r));
        assertEquals("token=abc", r.queryOr(""));
    }

    @Test
    void aStreamNameKeepsOnlyWhatIsBeforeTheQuestionMark() {
        assertEquals(new StreamKey("live", "cam1"), names.key("live", "cam1?sign=x?y"));
    }

    @Test
    void namesOutsideTheCharacterSetOrOverTheBoundAreRefused() {
        assertNull(names.key("live", "cam 1"));
        assertNull(names.key("live", "../etc"));
        assertNull(names.key("live", "a".repeat(17)));
        assertNull(names.key("live", null));
        assertNull(names.key(null, "cam"), "no key before connect named an app");
        assertNull(names.app(StreamNames.Requested.parse("//")));
        assertEquals(new StreamKey("live", "a".repeat(16)), names.key("live", "a".repeat(16)));
    }

    @Test
    void aNameWithSlashesNamesTheSameKeyAsTheAppThatHoldsThem() {
        assertEquals(new StreamKey("live/sub", "x"), names.key("live", "sub/x?t=1"));
        assertEquals(names.key("live/sub", "x"), names.key("live", "sub/x"));
        assertNull(names.key("live", "sub/"));
        assertNull(names.key("live", "/x"));
    }

    @Test
    void theBoundAppliesToTheKeysAppAfterTheNameGaveItsPrefix() {
        assertEquals(new StreamKey("a".repeat(14) + "/b", "c"), names.key("a".repeat(14), "b/c"));
        assertNull(names.key("a".repeat(15), "b/c"));
    }

    @Test
    void authorizationSeesTheKeysAppAndName() {
        AuthRequest request = StreamNames.auth(AuthRequest.Action.PLAY, "live", "sub/x?s=1", "", "peer", "", "", null);
        assertEquals("live/sub", request.app());
        assertEquals("x", request.stream());
        assertEquals("s=1", request.query());
    }

    @Test
    void authorizationSeesTheStreamsQueryElseTheConnectsQuery() {
        assertEquals("s=1", StreamNames.auth(AuthRequest.Action.PLAY, "live", "cam?s=1", "c=2", "peer", "", "", null).query());
        assertEquals("c=2", StreamNames.auth(AuthRequest.Action.PLAY, "live", "cam", "c=2", "peer", "", "", null).query());
        assertEquals("", StreamNames.auth(AuthRequest.Action.PLAY, "live", "cam?", "c=2", "peer", "", "", null).query());
        assertEquals("cam", StreamNames.auth(AuthRequest.Action.PUBLISH, "live", "cam?s=1", "", "peer", "", "", null).stream());
    }
}
