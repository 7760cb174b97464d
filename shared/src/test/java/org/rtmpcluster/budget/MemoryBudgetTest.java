package org.rtmpcluster.budget;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBudgetTest {
    private final List<String> evicted = new ArrayList<>();
    private final MemoryBudget budget = new MemoryBudget(1000);

    private MemoryBudget.Holder holder(String group, String name) {
        return budget.holder(group, name, why -> evicted.add(name));
    }

    @Test
    void holdersWithinTheLimitAreLeftAlone() {
        MemoryBudget.Holder a = holder("10.0.0.1", "a");
        MemoryBudget.Holder b = holder("10.0.0.2", "b");
        assertTrue(a.hold(600));
        assertTrue(b.hold(400));
        assertEquals(1000, budget.used());
        assertEquals(List.of(), evicted);
    }

    @Test
    void overTheLimitTheLargestHolderOfTheGroupHoldingTheMostIsEvicted() {
        MemoryBudget.Holder attacker1 = holder("10.0.0.1", "attacker1");
        MemoryBudget.Holder attacker2 = holder("10.0.0.1", "attacker2");
        MemoryBudget.Holder publisher = holder("10.0.0.2", "publisher");
        assertTrue(attacker1.hold(300));
        assertTrue(attacker2.hold(250));
        assertTrue(publisher.hold(350)); // the largest holder, but its group holds less
        assertTrue(publisher.hold(500));
        assertEquals(List.of("attacker1"), evicted);
        assertEquals(1, budget.evictions());
    }

    @Test
    void aHolderThatIsItselfTheVictimIsToldSo() {
        MemoryBudget.Holder small = holder("10.0.0.2", "small");
        MemoryBudget.Holder greedy = holder("10.0.0.1", "greedy");
        assertTrue(small.hold(100));
        assertFalse(greedy.hold(1200), "the holder that went over and holds the most is evicted");
        assertEquals(List.of("greedy"), evicted);
    }

    @Test
    void evictsAsManyAsItTakesToFitAndNoneTwice() {
        List<MemoryBudget.Holder> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(holder("10.0.0.1", "h" + i));
            assertTrue(many.get(i).hold(190 + i));
        }
        MemoryBudget.Holder late = holder("10.0.0.9", "late");
        late.hold(500); // 1470 in all, 470 over: the three largest of 10.0.0.1 go (194 + 193 < 470)
        assertEquals(List.of("h4", "h3", "h2"), evicted);
        late.hold(501);
        assertEquals(evicted.stream().distinct().count(), evicted.size(), "no holder evicted twice: " + evicted);
    }

    @Test
    void closingGivesEverythingBackAndEmptiedHoldersMayHoldAgain() {
        MemoryBudget.Holder gop = holder(MemoryBudget.GOP_CACHES, "gop");
        MemoryBudget.Holder other = holder("10.0.0.1", "other");
        assertTrue(gop.hold(700));
        assertFalse(gop.hold(1100));
        gop.emptied();
        assertEquals(0, budget.used());
        assertTrue(gop.hold(200), "an emptied GOP cache holds again from its next keyframe");
        assertTrue(other.hold(300));
        other.close();
        gop.close();
        assertEquals(0, budget.used());
        assertFalse(other.hold(10), "a closed holder holds nothing");
        assertEquals(0, budget.used());
    }
}
