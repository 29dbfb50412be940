package dev.switchboard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link TenantStore} on SQL. Thread-safe; blocking. */
final class SqlTenants implements TenantStore {
  private static final String COLUMNS = "id, name, created_at, updated_at";
  private final Nodes nodes;

  SqlTenants(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Tenant create(String name) {
    Tenant t = new Tenant(Nodes.newId(), Nodes.requireText("tenant name", name), nodes.now(),
        nodes.now());
    return nodes.db.write("create tenant", c -> {
      Sql.update(c, "INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?)", t.id(),
          t.name(), t.createdAtMillis(), t.updatedAtMillis());
      return t;
    });
  }

  @Override
  public Optional<Tenant> get(TenantScope scope, String id) {
    if (!scope.allows(id)) {
      return Optional.empty();
    }
    return nodes.db.read("tenants", c -> Sql.one(c,
        "SELECT " + COLUMNS + " FROM tenants WHERE id = ?", SqlTenants::row, id));
  }

  @Override
  public List<Tenant> list(TenantScope scope) {
    return nodes.db.read("tenants", c -> new Sql.Query("SELECT " + COLUMNS
        + " FROM tenants WHERE 1 = 1").andIf("id = ?", scope.tenantId())
        .append(" ORDER BY name").list(c, SqlTenants::row));
  }

  @Override
  public Optional<Tenant> rename(TenantScope scope, String id, String name) {
    String newName = Nodes.requireText("tenant name", name);
    if (!scope.allows(id)) {
      return Optional.empty();
    }
    return nodes.db.write("rename tenant", c -> {
      Sql.update(c, "UPDATE tenants SET name = ?, updated_at = ? WHERE id = ?", newName,
          nodes.now(), id);
      return Sql.one(c, "SELECT " + COLUMNS + " FROM tenants WHERE id = ?", SqlTenants::row, id);
    });
  }

  @Override
  public boolean delete(TenantScope scope, String id) {
    if (!scope.allows(id)) {
      return false;
    }
    return nodes.db.write("delete tenant", c -> Nodes.visible(c, scope, ScopeType.TENANT, id)
        && Nodes.delete(c, ScopeType.TENANT, id, "departments", "tenant_id", "departments"));
  }

  static Tenant row(ResultSet rs) throws SQLException {
    return new Tenant(rs.getString("id"), rs.getString("name"), rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }
}
