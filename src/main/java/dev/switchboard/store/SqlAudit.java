package dev.switchboard.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/**
 * {@link AuditStore} on SQL. Pages are keyset-paginated on (at, id), so a page costs the same
 * however deep it is and appends never shift it. Thread-safe; blocking.
 */
final class SqlAudit implements AuditStore {
  private static final String COLUMNS = "id, at, actor, action, target_type, target_id,"
      + " tenant_id, before_json, after_json";
  private static final int MAX_PAGE = 1000;
  private final Nodes nodes;

  SqlAudit(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public AuditEntry append(AuditEvent e) {
    AuditEntry a = new AuditEntry(Nodes.newId(), nodes.now(), e.actor(), e.action(),
        e.targetType(), e.targetId(), e.tenantId(), e.beforeJson(), e.afterJson());
    return nodes.db.write("append audit entry", c -> {
      Sql.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          a.id(), a.atMillis(), a.actor(), a.action(), a.targetType(), a.targetId(),
          a.tenantId(), a.beforeJson(), a.afterJson());
      return a;
    });
  }

  @Override
  public Page<AuditEntry> list(TenantScope scope, String cursor, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new StoreException(StoreException.Kind.INVALID, "limit must be 1 to " + MAX_PAGE);
    }
    Sql.Query q = new Sql.Query("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1")
        .andIf("tenant_id = ?", scope.tenantId());
    if (cursor != null) {
      String[] at = decode(cursor);
      long atMillis = Long.parseLong(at[0]);
      q.and("(at < ? OR (at = ? AND id < ?))", atMillis, atMillis, at[1]);
    }
    // One row more than asked tells whether there is a next page.
    q.append(" ORDER BY at DESC, id DESC LIMIT " + (limit + 1));
    List<AuditEntry> rows = nodes.db.read("audit_log", c -> q.list(c, SqlAudit::row));
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    AuditEntry last = rows.get(limit - 1);
    return new Page<>(rows.subList(0, limit), encode(last.atMillis(), last.id()));
  }

  private static String encode(long at, String id) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((at + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String cursor) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = s.split(":", 2);
      Long.parseLong(parts[0]);
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Kind.INVALID, "not a valid page cursor");
    }
  }

  static AuditEntry row(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getString("id"), rs.getLong("at"), rs.getString("actor"),
        rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
        rs.getString("tenant_id"), rs.getString("before_json"), rs.getString("after_json"));
  }
}
