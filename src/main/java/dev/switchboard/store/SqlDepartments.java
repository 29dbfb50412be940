package dev.switchboard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link DepartmentStore} on SQL. Thread-safe; blocking. */
final class SqlDepartments implements DepartmentStore {
  private static final String COLUMNS = "id, tenant_id, name, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM departments WHERE 1 = 1";
  private final Nodes nodes;

  SqlDepartments(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Department create(TenantScope scope, String tenantId, String name) {
    String n = Nodes.requireText("department name", name);
    return nodes.db.write("create department", c -> {
      String tenant = Nodes.tenantOf(c, scope, ScopeType.TENANT, tenantId);
      Department d = new Department(Nodes.newId(), tenant, n, nodes.now(), nodes.now());
      Sql.update(c, "INSERT INTO departments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", d.id(),
          d.tenantId(), d.name(), d.createdAtMillis(), d.updatedAtMillis());
      return d;
    });
  }

  @Override
  public Optional<Department> get(TenantScope scope, String id) {
    return nodes.db.read("departments", c -> find(c, scope, id));
  }

  @Override
  public List<Department> list(TenantScope scope, String tenantId) {
    return nodes.db.read("departments", c -> new Sql.Query(SELECT)
        .andIf("tenant_id = ?", scope.tenantId()).andIf("tenant_id = ?", tenantId)
        .append(" ORDER BY name, id").list(c, SqlDepartments::row));
  }

  @Override
  public Optional<Department> rename(TenantScope scope, String id, String name) {
    String n = Nodes.requireText("department name", name);
    return nodes.db.write("rename department", c -> {
      if (find(c, scope, id).isEmpty()) {
        return Optional.empty();
      }
      Sql.update(c, "UPDATE departments SET name = ?, updated_at = ? WHERE id = ?", n,
          nodes.now(), id);
      return find(c, scope, id);
    });
  }

  @Override
  public boolean delete(TenantScope scope, String id) {
    return nodes.db.write("delete department", c ->
        Nodes.visible(c, scope, ScopeType.DEPARTMENT, id)
            && Nodes.delete(c, ScopeType.DEPARTMENT, id, "teams", "department_id", "teams"));
  }

  private static Optional<Department> find(java.sql.Connection c, TenantScope scope, String id)
      throws SQLException {
    List<Department> found = new Sql.Query(SELECT).and("id = ?", id)
        .andIf("tenant_id = ?", scope.tenantId()).list(c, SqlDepartments::row);
    return found.stream().findFirst();
  }

  static Department row(ResultSet rs) throws SQLException {
    return new Department(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
        rs.getLong("created_at"), rs.getLong("updated_at"));
  }
}
