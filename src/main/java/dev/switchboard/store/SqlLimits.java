package dev.switchboard.store;

import dev.switchboard.governance.KeyRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link LimitStore} on SQL. Thread-safe; blocking. */
final class SqlLimits implements LimitStore {
  private static final String COLUMNS = "scope_type, scope_id, model, rpm, tpm, max_concurrent,"
      + " daily_usd_micros, monthly_usd_micros";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM limits WHERE 1 = 1";
  private static final String UPSERT = "INSERT INTO limits (" + COLUMNS + ", tenant_id,"
      + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (scope_type, scope_id, model) DO UPDATE SET rpm = excluded.rpm,"
      + " tpm = excluded.tpm, max_concurrent = excluded.max_concurrent,"
      + " daily_usd_micros = excluded.daily_usd_micros,"
      + " monthly_usd_micros = excluded.monthly_usd_micros, tenant_id = excluded.tenant_id,"
      + " updated_at = excluded.updated_at";
  private final Nodes nodes;

  SqlLimits(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Limits put(TenantScope scope, Limits l) {
    return nodes.db.write("set limits", c -> {
      String tenant = Nodes.tenantOf(c, scope, l.scopeType(), l.scopeId());
      Sql.update(c, UPSERT, l.scopeType().code(), l.scopeId(), l.model(), l.rpm(), l.tpm(),
          l.maxConcurrent(), l.dailyUsdMicros(), l.monthlyUsdMicros(), tenant, nodes.now());
      return l;
    });
  }

  @Override
  public Optional<Limits> get(TenantScope scope, ScopeType type, String scopeId, String model) {
    return nodes.db.read("limits", c -> new Sql.Query(SELECT)
        .and("scope_type = ? AND scope_id = ? AND model = ?", type.code(), scopeId,
            model == null ? Limits.ALL_MODELS : model)
        .andIf("tenant_id = ?", scope.tenantId()).list(c, SqlLimits::row).stream().findFirst());
  }

  @Override
  public List<Limits> list(TenantScope scope, ScopeType type, String scopeId) {
    if ((type == null) != (scopeId == null)) {
      throw new IllegalArgumentException("type and scopeId go together");
    }
    return nodes.db.read("limits", c -> new Sql.Query(SELECT)
        .andIf("tenant_id = ?", scope.tenantId())
        .andIf("scope_type = ?", type == null ? null : type.code())
        .andIf("scope_id = ?", scopeId)
        .append(" ORDER BY scope_type, scope_id, model").list(c, SqlLimits::row));
  }

  @Override
  public List<Limits> applicableTo(KeyRecord k) {
    return nodes.db.read("limits", c -> new Sql.Query(SELECT)
        .and("tenant_id = ?", k.tenantId())
        .and("((scope_type = 'key' AND scope_id = ?) OR (scope_type = 'user' AND scope_id = ?)"
                + " OR (scope_type = 'team' AND scope_id = ?)"
                + " OR (scope_type = 'department' AND scope_id = ?)"
                + " OR (scope_type = 'tenant' AND scope_id = ?))",
            k.id(), k.userId(), k.teamId(), k.departmentId(), k.tenantId())
        .append(" ORDER BY scope_type, scope_id, model").list(c, SqlLimits::row));
  }

  @Override
  public boolean delete(TenantScope scope, ScopeType type, String scopeId, String model) {
    return nodes.db.write("delete limits", c -> {
      List<Object> params = new java.util.ArrayList<>(List.of(type.code(), scopeId,
          model == null ? Limits.ALL_MODELS : model));
      String sql = "DELETE FROM limits WHERE scope_type = ? AND scope_id = ? AND model = ?";
      if (!scope.isAll()) {
        sql += " AND tenant_id = ?";
        params.add(scope.tenantId());
      }
      return Sql.update(c, sql, params.toArray()) == 1;
    });
  }

  static Limits row(ResultSet rs) throws SQLException {
    Long concurrent = Sql.longOrNull(rs, "max_concurrent");
    return new Limits(ScopeType.fromCode(rs.getString("scope_type")), rs.getString("scope_id"),
        rs.getString("model"), Sql.longOrNull(rs, "rpm"), Sql.longOrNull(rs, "tpm"),
        concurrent == null ? null : concurrent.intValue(), Sql.longOrNull(rs, "daily_usd_micros"),
        Sql.longOrNull(rs, "monthly_usd_micros"));
  }
}
