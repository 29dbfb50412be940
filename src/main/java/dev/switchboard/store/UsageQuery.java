package dev.switchboard.store;

import java.util.Objects;

/**
 * A usage report request: ledger rows with {@code from <= at < to}, seen through {@code scope},
 * optionally only those of one hierarchy node, grouped by {@code groupBy}. Immutable.
 *
 * @param scope whose rows are visible
 * @param groupBy the grouping
 * @param fromMillis inclusive start, epoch ms
 * @param toMillis exclusive end, epoch ms
 * @param filterType restrict to one node of this level, or null
 * @param filterId that node's id (with {@code filterType})
 */
public record UsageQuery(TenantScope scope, UsageDimension groupBy, long fromMillis,
    long toMillis, ScopeType filterType, String filterId) {

  public UsageQuery {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(groupBy, "groupBy");
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("the time range ends before it starts");
    }
    if ((filterType == null) != (filterId == null)) {
      throw new IllegalArgumentException("filterType and filterId go together");
    }
  }

  /** Every visible row in the range, grouped by {@code groupBy}. */
  public static UsageQuery of(TenantScope scope, UsageDimension groupBy, long fromMillis,
      long toMillis) {
    return new UsageQuery(scope, groupBy, fromMillis, toMillis, null, null);
  }

  /** The same query restricted to one node of the hierarchy. */
  public UsageQuery only(ScopeType type, String id) {
    return new UsageQuery(scope, groupBy, fromMillis, toMillis, type, id);
  }
}
