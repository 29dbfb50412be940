package dev.switchboard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link UsageStore} on SQL. Every query bounds the stored {@code day} column as well as
 * {@code at}, so the (node, day) indexes narrow the scan before the exact time filter applies.
 * Thread-safe; blocking.
 */
final class SqlUsage implements UsageStore {
  static final long DAY_MS = 86_400_000L;
  private static final String SUMS = "COUNT(*) AS requests,"
      + " SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors, SUM(cache_hit) AS hits,"
      + " SUM(prompt_tokens) AS prompt, SUM(completion_tokens) AS completion,"
      + " SUM(cached_tokens) AS cached, SUM(cache_write_tokens) AS written,"
      + " SUM(reasoning_tokens) AS reasoning,"
      + " SUM(cost_micros) AS cost, SUM(1 - price_known) AS unpriced";
  private static final String ENTRY_COLUMNS = "l.id, l.request_id, l.at, l.key_id, l.user_id,"
      + " l.team_id, l.department_id, l.tenant_id, l.model, l.provider, l.deployment,"
      + " l.prompt_tokens, l.completion_tokens, l.cached_tokens, l.cache_write_tokens,"
      + " l.reasoning_tokens,"
      + " l.cost_micros, l.latency_ms, l.status, l.error_code, l.cache_hit,"
      + " ct.amount_micros AS credit";
  private final Nodes nodes;

  SqlUsage(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<UsageRow> usage(UsageQuery q) {
    String col = q.groupBy().column();
    Sql.Query sql = inRange("SELECT " + col + " AS grp, " + SUMS + " FROM ledger WHERE 1 = 1",
        q.fromMillis(), q.toMillis()).andIf("tenant_id = ?", q.scope().tenantId());
    if (q.filterType() != null) {
      sql.and(q.filterType().ledgerColumn() + " = ?", q.filterId());
    }
    sql.append(" GROUP BY " + col);
    boolean day = q.groupBy() == UsageDimension.DAY;
    List<UsageRow> rows = new ArrayList<>(nodes.db.read("ledger", c -> sql.list(c,
        rs -> row(rs, day))));
    // Sorted here: the databases disagree on where NULL sorts.
    rows.sort(Comparator.comparing(UsageRow::group,
        Comparator.nullsLast(Comparator.naturalOrder())));
    return rows;
  }

  @Override
  public long spendMicros(TenantScope scope, ScopeType type, String id, long fromMillis,
      long toMillis) {
    Sql.Query sql = inRange("SELECT SUM(cost_micros) FROM ledger WHERE 1 = 1", fromMillis,
        toMillis).and(type.ledgerColumn() + " = ?", id).andIf("tenant_id = ?", scope.tenantId());
    return nodes.db.read("ledger", c -> sql.list(c, rs -> rs.getLong(1))).get(0);
  }

  @Override
  public List<LedgerEntry> byRequest(TenantScope scope, String requestId) {
    return nodes.db.read("ledger", c -> new Sql.Query("SELECT " + ENTRY_COLUMNS
        + " FROM ledger l LEFT JOIN credit_transactions ct ON ct.id = l.id WHERE 1 = 1")
        .and("l.request_id = ?", requestId).andIf("l.tenant_id = ?", scope.tenantId())
        .append(" ORDER BY l.at, l.id").list(c, SqlUsage::entry));
  }

  private static Sql.Query inRange(String base, long from, long to) {
    return new Sql.Query(base)
        .and("day >= ? AND day <= ?", Math.floorDiv(from, DAY_MS), Math.floorDiv(to, DAY_MS))
        .and("at >= ? AND at < ?", from, to);
  }

  private static UsageRow row(ResultSet rs, boolean day) throws SQLException {
    String group = rs.getString("grp");
    if (day && group != null) {
      group = LocalDate.ofEpochDay(rs.getLong("grp")).toString();
    }
    return new UsageRow(group, rs.getLong("requests"), rs.getLong("errors"), rs.getLong("hits"),
        rs.getLong("prompt"), rs.getLong("completion"), rs.getLong("cached"),
        rs.getLong("written"), rs.getLong("reasoning"), rs.getLong("cost"),
        rs.getLong("unpriced"));
  }

  static LedgerEntry entry(ResultSet rs) throws SQLException {
    Long credit = Sql.longOrNull(rs, "credit");
    return new LedgerEntry(rs.getString("id"), rs.getString("request_id"), rs.getLong("at"),
        rs.getString("key_id"), rs.getString("user_id"), rs.getString("team_id"),
        rs.getString("department_id"), rs.getString("tenant_id"), rs.getString("model"),
        rs.getString("provider"), rs.getString("deployment"), rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"), rs.getLong("cached_tokens"),
        rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"),
        Sql.longOrNull(rs, "cost_micros"),
        rs.getLong("latency_ms"), rs.getInt("status"), rs.getString("error_code"),
        Sql.flag(rs, "cache_hit"), credit == null ? 0 : -credit);
  }
}
