package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link CreditStore} on SQL, plus the usage charge the ledger writer applies. */
final class SqlCredits implements CreditStore {
  private static final String ADD = "INSERT INTO credits (user_id, tenant_id, balance_micros,"
      + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
      + " balance_micros = credits.balance_micros + excluded.balance_micros,"
      + " updated_at = excluded.updated_at";
  private static final String RECORD = "INSERT INTO credit_transactions (id, user_id, tenant_id,"
      + " at, amount_micros, reason, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (id) DO NOTHING";
  private final Nodes nodes;

  SqlCredits(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public long balance(TenantScope scope, String userId) {
    return nodes.db.read("credits", c -> {
      Optional<String[]> row = Sql.one(c, "SELECT tenant_id, balance_micros FROM credits"
          + " WHERE user_id = ?", rs -> new String[] {rs.getString(1), rs.getString(2)}, userId);
      if (row.isPresent()) {
        if (!scope.allows(row.get()[0])) {
          throw Nodes.notFound(ScopeType.USER, userId);
        }
        return Long.parseLong(row.get()[1]);
      }
      Nodes.tenantOf(c, scope, ScopeType.USER, userId);
      return 0L;
    });
  }

  @Override
  public long adjust(TenantScope scope, String userId, long amountMicros, String reason) {
    String why = Nodes.requireText("reason", reason);
    return nodes.db.write("adjust credits", c -> {
      String tenant = Nodes.tenantOf(c, scope, ScopeType.USER, userId);
      apply(c, Nodes.newId(), userId, tenant, nodes.now(), amountMicros, why, null);
      return Sql.one(c, "SELECT balance_micros FROM credits WHERE user_id = ?",
          rs -> rs.getLong(1), userId).orElseThrow();
    });
  }

  @Override
  public List<CreditTransaction> transactions(TenantScope scope, String userId, int limit) {
    int n = Math.max(1, Math.min(limit, 1000));
    return nodes.db.read("credit_transactions", c -> new Sql.Query("SELECT id, user_id,"
        + " tenant_id, at, amount_micros, reason, request_id FROM credit_transactions"
        + " WHERE 1 = 1").and("user_id = ?", userId).andIf("tenant_id = ?", scope.tenantId())
        .append(" ORDER BY at DESC, id DESC LIMIT " + n).list(c, SqlCredits::row));
  }

  /**
   * Deducts a ledger entry's credit charge, once: the movement reuses the entry's id, so a
   * retried batch finds it already recorded and leaves the balance alone.
   */
  static void charge(Connection c, LedgerEntry e) throws SQLException {
    if (e.creditChargeMicros() == 0 || e.userId() == null || e.tenantId() == null) {
      return;
    }
    apply(c, e.id(), e.userId(), e.tenantId(), e.atMillis(), -e.creditChargeMicros(), "usage",
        e.requestId());
  }

  private static void apply(Connection c, String id, String userId, String tenantId, long at,
      long amount, String reason, String requestId) throws SQLException {
    if (Sql.update(c, RECORD, id, userId, tenantId, at, amount, reason, requestId) == 1) {
      Sql.update(c, ADD, userId, tenantId, amount, at);
    }
  }

  static CreditTransaction row(ResultSet rs) throws SQLException {
    return new CreditTransaction(rs.getString("id"), rs.getString("user_id"),
        rs.getString("tenant_id"), rs.getLong("at"), rs.getLong("amount_micros"),
        rs.getString("reason"), rs.getString("request_id"));
  }
}
