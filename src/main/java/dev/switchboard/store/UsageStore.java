package dev.switchboard.store;

import java.util.List;

/**
 * Reports over the ledger.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only. Reports can
 * be heavy; they go to the read replica when there is one.
 */
public interface UsageStore {
  /** Requests, tokens and spend grouped as asked, ordered by group. */
  List<UsageRow> usage(UsageQuery query);

  /**
   * Known spend of one node in {@code [from, to)}, micro-dollars: what a budget has used, e.g.
   * to seed the budget counters after a restart. 0 when the node is not visible in
   * {@code scope}.
   */
  long spendMicros(TenantScope scope, ScopeType type, String id, long fromMillis,
      long toMillis);

  /** The visible ledger rows of one request (usually one). */
  List<LedgerEntry> byRequest(TenantScope scope, String requestId);
}
