package org.rtmpcluster.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientRatesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aClientGetsItsBurstThenItsRate() {
        ClientRates rates = new ClientRates(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(rates.tryTake("10.0.0.1", 0), "burst " + i);
        }
        assertFalse(rates.tryTake("10.0.0.1", 0), "past the burst");
        assertTrue(rates.tryTake("10.0.0.2", 0), "another address has its own bucket");
        assertFalse(rates.tryTake("10.0.0.1", SECOND / 20), "half a token back");
        assertTrue(rates.tryTake("10.0.0.1", SECOND / 10), "one token back after 1/rate");
        assertFalse(rates.tryTake("10.0.0.1", SECOND / 10));
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertEquals("2001:0db8:0001:0002::/64", ClientRates.clientOf("2001:db8:1:2::1"));
        assertEquals("2001:0db8:0001:0002::/64", ClientRates.clientOf("2001:db8:1:2:ffff:0:0:7"));
        assertEquals("0000:0000:0000:0000::/64", ClientRates.clientOf("0:0:0:0:0:0:0:1"));
        assertEquals("203.0.113.9", ClientRates.clientOf("203.0.113.9"));
    }

    @Test
    void theTableStaysBoundedAndActiveClientsKeepTheirBuckets() {
        ClientRates rates = new ClientRates(1, 2, 100, 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(rates.tryTake("10.0.1." + i, 0));
        }
        // Every tracked address is active (its bucket not full again): new ones share one overflow bucket.
        assertTrue(rates.tryTake("10.0.2.1", 0));
        assertTrue(rates.tryTake("10.0.2.2", 0));
        assertFalse(rates.tryTake("10.0.2.3", 0), "the overflow bucket is empty");
        assertEquals(100, rates.tracked());
        // A flood of new addresses does not push an active client out to give it a fresh burst.
        for (int i = 0; i < 20_000; i++) {
            rates.tryTake("10.1." + (i / 250) + "." + (i % 250), 0);
        }
        assertEquals(100, rates.tracked());
        assertTrue(rates.tryTake("10.0.1.5", 0), "its second token");
        assertFalse(rates.tryTake("10.0.1.5", 0), "and no fresh burst");
        // Once quiet long enough to refill, the least recently seen make room for new addresses.
        assertTrue(rates.tryTake("10.0.3.1", 10 * SECOND));
        assertEquals(100, rates.tracked());
        assertTrue(rates.tryTake("10.0.3.1", 10 * SECOND), "tracked now, with a burst of its own");
    }
}
