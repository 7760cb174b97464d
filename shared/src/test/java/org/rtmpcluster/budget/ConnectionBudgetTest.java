package org.rtmpcluster.budget;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionBudgetTest {
    @Test
    void refusesPastEachBoundAndCountsAClosedConnectionOut() {
        ConnectionBudget budget = new ConnectionBudget(4, 2, 3);
        ConnectionBudget.Ticket a1 = budget.admit("a").ticket();
        ConnectionBudget.Ticket a2 = budget.admit("a").ticket();
        assertEquals(ConnectionBudget.Refusal.PER_ADDRESS, budget.admit("a").refusal());
        ConnectionBudget.Ticket b1 = budget.admit("b").ticket();
        assertEquals(ConnectionBudget.Refusal.UNCONNECTED, budget.admit("c").refusal(), "three not connected yet");
        a1.connected();
        ConnectionBudget.Ticket c1 = budget.admit("c").ticket();
        assertEquals(ConnectionBudget.Refusal.CONNECTIONS, budget.admit("d").refusal());
        assertEquals(4, budget.open());
        a2.close();
        assertTrue(budget.admit("a").admitted(), "a's second place is free again");
        b1.close();
        c1.close();
        b1.close(); // twice: counted once
        assertEquals(2, budget.open());
        assertEquals(1, budget.unconnected());
    }

    @Test
    void theClusterOwnHostsAreNotHeldToThePerAddressBound() {
        ConnectionBudget budget = new ConnectionBudget(10, 1, 10);
        budget.exemptFromPerAddress("10.0.0.7"::equals);
        assertTrue(budget.admit("10.0.0.7").admitted());
        assertTrue(budget.admit("10.0.0.7").admitted(), "an edge pulls a second stream");
        assertTrue(budget.admit("10.0.0.8").admitted());
        assertEquals(ConnectionBudget.Refusal.PER_ADDRESS, budget.admit("10.0.0.8").refusal());
    }
}
