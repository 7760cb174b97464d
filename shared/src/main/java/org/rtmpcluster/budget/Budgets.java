package org.rtmpcluster.budget;

/** A node's budgets, as the node hands them to its listeners and its streams. */
public record Budgets(MemoryBudget memory, ConnectionBudget connections) {
    /** No bounds (tests, standalone tools). */
    public static final Budgets UNLIMITED = new Budgets(MemoryBudget.UNLIMITED, ConnectionBudget.UNLIMITED);
}
