package dev.switchboard.store;

/**
 * A level of the hierarchy that limits and usage filters can point at. Each value knows its
 * column in the ledger and the table its ids live in.
 *
 * <p>Threading: an immutable enum.
 */
public enum ScopeType {
  TENANT("tenant", "tenants", "tenant_id"),
  DEPARTMENT("department", "departments", "department_id"),
  TEAM("team", "teams", "team_id"),
  USER("user", "users", "user_id"),
  KEY("key", "api_keys", "key_id");

  private final String code;
  private final String table;
  private final String ledgerColumn;

  ScopeType(String code, String table, String ledgerColumn) {
    this.code = code;
    this.table = table;
    this.ledgerColumn = ledgerColumn;
  }

  /** The value stored in {@code limits.scope_type}. */
  public String code() {
    return code;
  }

  String table() {
    return table;
  }

  String ledgerColumn() {
    return ledgerColumn;
  }

  /** The scope type stored as {@code code}. */
  public static ScopeType fromCode(String code) {
    for (ScopeType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown scope type '" + code
        + "' (expected tenant, department, team, user or key)");
  }
}
