package org.rtmpcluster.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** tcUrls as a server may send them in a reconnect request: trusted only when they are valid. */
class RtmpUrlTest {
    private static final RtmpUrl BASE = new RtmpUrl("10.0.0.1", 1935, "live", "");

    @Test
    void absoluteUrlsKeepHostPortAppAndQuery() {
        assertEquals(new RtmpUrl("edge2.example", 1936, "live", "token=abc"),
                RtmpUrl.parse("rtmp://edge2.example:1936/live?token=abc", BASE));
        assertEquals(new RtmpUrl("edge2.example", 1935, "live", ""), RtmpUrl.parse("rtmp://edge2.example/live", BASE));
        assertEquals(new RtmpUrl("::1", 1935, "live", ""), RtmpUrl.parse("rtmp://[::1]:1935/live", BASE));
        assertEquals("rtmp://[::1]:1935/live", new RtmpUrl("::1", 1935, "live", "").tcUrl());
    }

    @Test
    void relativeUrlsResolveAgainstTheCurrentServer() {
        assertEquals(new RtmpUrl("10.0.0.1", 1935, "other", ""), RtmpUrl.parse("/other", BASE));
        assertEquals(new RtmpUrl("10.0.0.2", 1935, "live", ""), RtmpUrl.parse("//10.0.0.2/live", BASE));
    }

    @Test
    void anythingElseIsRefused() {
        assertNull(RtmpUrl.parse("http://example/live", BASE), "another scheme");
        assertNull(RtmpUrl.parse("rtmp://example:99999/live", BASE), "port out of range");
        assertNull(RtmpUrl.parse("rtmp://example/", BASE), "no app");
        assertNull(RtmpUrl.parse("rtmp://exa mple/live", BASE), "not a URI");
        assertNull(RtmpUrl.parse("rtmp://example/" + "a".repeat(2000), BASE), "too long");
        assertNull(RtmpUrl.parse("", BASE));
        assertNull(RtmpUrl.parse(null, BASE));
    }
}
