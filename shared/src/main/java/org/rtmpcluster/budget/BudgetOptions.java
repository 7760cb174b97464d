package org.rtmpcluster.budget;

/**
 * The node-wide bounds, as configured.
 *
 * @param memoryBytes            the memory peers may make the node hold; 0 sizes it from the JVM ({@link
 *                               #autoMemoryBytes})
 * @param maxConnections         RTMP connections the node holds
 * @param maxConnectionsPerAddress RTMP connections one peer address holds
 * @param maxUnconnected         RTMP connections that have not completed {@code connect}
 */
public record BudgetOptions(long memoryBytes, int maxConnections, int maxConnectionsPerAddress, int maxUnconnected) {
    public static final BudgetOptions DEFAULT = new BudgetOptions(0, 10_000, 1_000, 2_000);

    /**
     * A quarter of the heap, and at most half of the direct memory Netty may take: partial messages are on the
     * heap, GOP caches in direct memory, and either kind may take all of the budget. The rest of the heap is the
     * node's own (connections' state, Hazelcast, the young generation).
     */
    public static long autoMemoryBytes(long maxHeapBytes, long maxDirectBytes) {
        return Math.max(1, Math.min(maxHeapBytes / 4, maxDirectBytes / 2));
    }

    /** The budgets these options give, for a JVM with the given limits. */
    public Budgets budgets(long maxHeapBytes, long maxDirectBytes) {
        long memory = memoryBytes > 0 ? memoryBytes : autoMemoryBytes(maxHeapBytes, maxDirectBytes);
        return new Budgets(new MemoryBudget(memory),
                new ConnectionBudget(maxConnections, maxConnectionsPerAddress, maxUnconnected));
    }
}
