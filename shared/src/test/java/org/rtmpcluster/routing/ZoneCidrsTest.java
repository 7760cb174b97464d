package org.rtmpcluster.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZoneCidrsTest {
    @Test
    void theMostSpecificRangeHoldingTheAddressNamesTheZone() {
        ZoneCidrs cidrs = ZoneCidrs.parse("eu=10.1.0.0/16, us=10.2.0.0/16, lab=10.1.7.0/24, v6=2001:db8::/32");
        assertEquals("eu", cidrs.zoneOf("10.1.200.3"));
        assertEquals("lab", cidrs.zoneOf("10.1.7.9"));
        assertEquals("us", cidrs.zoneOf("10.2.0.1"));
        assertEquals("v6", cidrs.zoneOf("2001:db8::1"));
        assertNull(cidrs.zoneOf("192.168.1.1"));
        assertNull(cidrs.zoneOf("example.com"), "names are never looked up");
        assertNull(ZoneCidrs.parse("").zoneOf("10.1.0.1"));
        assertEquals("odd", ZoneCidrs.parse("odd=10.0.0.0/9").zoneOf("10.127.0.1"));
        assertNull(ZoneCidrs.parse("odd=10.0.0.0/9").zoneOf("10.128.0.1"));
    }

    @Test
    void badEntriesAreRefusedByName() {
        for (String bad : new String[] {"eu", "eu=10.1.0.0", "eu=10.1.0.0/33", "eu=host.example/8", "=10.0.0.0/8",
                "eu=10.1.0.0/x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZoneCidrs.parse(bad), bad);
            assertEquals(true, e.getMessage().contains(bad.trim()), e.getMessage());
        }
    }
}
