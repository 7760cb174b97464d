/**
 * The node's own budgets, apart from any one connection's: the memory peers make it hold ({@link
 * org.rtmpcluster.budget.MemoryBudget}) and the connections it takes ({@link org.rtmpcluster.budget.ConnectionBudget}).
 * Below every other package: connections, streams and the server report to them.
 */
package org.rtmpcluster.budget;
