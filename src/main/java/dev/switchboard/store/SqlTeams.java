package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link TeamStore} on SQL. Thread-safe; blocking. */
final class SqlTeams implements TeamStore {
  private static final String COLUMNS =
      "id, tenant_id, department_id, name, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM teams WHERE 1 = 1";
  private final Nodes nodes;

  SqlTeams(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Team create(TenantScope scope, String departmentId, String name) {
    String n = Nodes.requireText("team name", name);
    return nodes.db.write("create team", c -> {
      String tenant = Nodes.tenantOf(c, scope, ScopeType.DEPARTMENT, departmentId);
      Team t = new Team(Nodes.newId(), tenant, departmentId, n, nodes.now(), nodes.now());
      Sql.update(c, "INSERT INTO teams (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", t.id(),
          t.tenantId(), t.departmentId(), t.name(), t.createdAtMillis(), t.updatedAtMillis());
      return t;
    });
  }

  @Override
  public Optional<Team> get(TenantScope scope, String id) {
    return nodes.db.read("teams", c -> find(c, scope, id));
  }

  @Override
  public List<Team> list(TenantScope scope, String departmentId) {
    return nodes.db.read("teams", c -> new Sql.Query(SELECT)
        .andIf("tenant_id = ?", scope.tenantId()).andIf("department_id = ?", departmentId)
        .append(" ORDER BY name, id").list(c, SqlTeams::row));
  }

  @Override
  public Optional<Team> update(TenantScope scope, String id, String name, String departmentId) {
    String n = name == null ? null : Nodes.requireText("team name", name);
    return nodes.db.write("update team", c -> {
      Optional<Team> current = find(c, scope, id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      Team t = current.get();
      if (departmentId != null) {
        // The new department must be in the team's own tenant, whatever the caller's scope.
        Nodes.tenantOf(c, TenantScope.of(t.tenantId()), ScopeType.DEPARTMENT, departmentId);
      }
      Sql.update(c, "UPDATE teams SET name = ?, department_id = ?, updated_at = ? WHERE id = ?",
          n == null ? t.name() : n, departmentId == null ? t.departmentId() : departmentId,
          nodes.now(), id);
      return find(c, scope, id);
    });
  }

  @Override
  public boolean delete(TenantScope scope, String id) {
    return nodes.db.write("delete team", c -> Nodes.visible(c, scope, ScopeType.TEAM, id)
        && Nodes.delete(c, ScopeType.TEAM, id, "users", "team_id", "users"));
  }

  private static Optional<Team> find(Connection c, TenantScope scope, String id)
      throws SQLException {
    return new Sql.Query(SELECT).and("id = ?", id).andIf("tenant_id = ?", scope.tenantId())
        .list(c, SqlTeams::row).stream().findFirst();
  }

  static Team row(ResultSet rs) throws SQLException {
    return new Team(rs.getString("id"), rs.getString("tenant_id"), rs.getString("department_id"),
        rs.getString("name"), rs.getLong("created_at"), rs.getLong("updated_at"));
  }
}
