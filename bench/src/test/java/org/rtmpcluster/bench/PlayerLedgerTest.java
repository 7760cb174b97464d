package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayerLedgerTest {
    private static final long MS = 1_000_000;

    @Test
    void aKeyIsHeldWhileItHasAPlayerAndForTheGraceAfterTheLastLeaves() {
        PlayerLedger ledger = new PlayerLedger();
        ledger.joined("live/a");
        ledger.joined("live/a");
        ledger.left("live/a", 1000 * MS);
        assertTrue(ledger.heldWithin("live/a", 99_000 * MS, 10), "one player still on it");

        ledger.left("live/a", 2000 * MS);
        assertTrue(ledger.heldWithin("live/a", 2500 * MS, 500));
        assertFalse(ledger.heldWithin("live/a", 2501 * MS, 500));
        assertFalse(ledger.heldWithin("live/never", 2000 * MS, 500));
    }

    @Test
    void countsKeysHeldWithinTheGraceAndPlayersOpenNow() {
        PlayerLedger ledger = new PlayerLedger();
        ledger.joined("live/a");
        ledger.joined("live/b");
        ledger.joined("live/c");
        ledger.left("live/b", 1000 * MS);
        ledger.left("live/c", 3000 * MS);

        assertEquals(2, ledger.keysHeldWithin(3500 * MS, 1000));
        assertEquals(Map.of("live/a", 1), ledger.openNow());
        assertEquals(1, ledger.total());
        assertEquals(3000 * MS, ledger.lastLeftNanos());
    }

    @Test
    void leavingAKeyWithNoPlayerIsABug() {
        PlayerLedger ledger = new PlayerLedger();
        assertThrows(IllegalStateException.class, () -> ledger.left("live/a", 0));
    }
}
