package dev.switchboard.store;

/**
 * What usage is grouped by. Each value maps to one ledger column, so no caller text ever
 * reaches the SQL.
 *
 * <p>Threading: an immutable enum.
 */
public enum UsageDimension {
  KEY("key_id"),
  USER("user_id"),
  TEAM("team_id"),
  DEPARTMENT("department_id"),
  TENANT("tenant_id"),
  MODEL("model"),
  PROVIDER("provider"),
  /** UTC calendar day; the group is an ISO date, {@code 2026-03-01}. */
  DAY("day");

  private final String column;

  UsageDimension(String column) {
    this.column = column;
  }

  String column() {
    return column;
  }
}
