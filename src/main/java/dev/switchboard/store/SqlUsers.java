package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link UserStore} on SQL. Thread-safe; blocking. */
final class SqlUsers implements UserStore {
  private static final String COLUMNS =
      "id, tenant_id, team_id, email, name, created_at, updated_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM users WHERE 1 = 1";
  private final Nodes nodes;

  SqlUsers(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public User create(TenantScope scope, String teamId, String email, String name) {
    String mail = normalise(email);
    String n = name == null ? "" : name.strip();
    return nodes.db.write("create user", c -> {
      String tenant = Nodes.tenantOf(c, scope, ScopeType.TEAM, teamId);
      User u = new User(Nodes.newId(), tenant, teamId, mail, n, nodes.now(), nodes.now());
      Sql.update(c, "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", u.id(),
          u.tenantId(), u.teamId(), u.email(), u.name(), u.createdAtMillis(),
          u.updatedAtMillis());
      return u;
    });
  }

  @Override
  public Optional<User> get(TenantScope scope, String id) {
    return nodes.db.read("users", c -> find(c, scope, id));
  }

  @Override
  public Optional<User> findByEmail(TenantScope scope, String tenantId, String email) {
    if (!scope.allows(tenantId)) {
      return Optional.empty();
    }
    return nodes.db.read("users", c -> new Sql.Query(SELECT).and("tenant_id = ?", tenantId)
        .and("email = ?", normalise(email)).list(c, SqlUsers::row).stream().findFirst());
  }

  @Override
  public List<User> list(TenantScope scope, String teamId) {
    return nodes.db.read("users", c -> new Sql.Query(SELECT)
        .andIf("tenant_id = ?", scope.tenantId()).andIf("team_id = ?", teamId)
        .append(" ORDER BY email, id").list(c, SqlUsers::row));
  }

  @Override
  public Optional<User> update(TenantScope scope, String id, String email, String name,
      String teamId) {
    String mail = email == null ? null : normalise(email);
    return nodes.db.write("update user", c -> {
      Optional<User> current = find(c, scope, id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      User u = current.get();
      if (teamId != null) {
        Nodes.tenantOf(c, TenantScope.of(u.tenantId()), ScopeType.TEAM, teamId);
      }
      Sql.update(c, "UPDATE users SET email = ?, name = ?, team_id = ?, updated_at = ?"
              + " WHERE id = ?", mail == null ? u.email() : mail,
          name == null ? u.name() : name.strip(), teamId == null ? u.teamId() : teamId,
          nodes.now(), id);
      return find(c, scope, id);
    });
  }

  @Override
  public boolean delete(TenantScope scope, String id) {
    return nodes.db.write("delete user", c -> Nodes.visible(c, scope, ScopeType.USER, id)
        && Nodes.delete(c, ScopeType.USER, id, "api_keys", "user_id", "keys"));
  }

  private static String normalise(String email) {
    String e = Nodes.requireText("e-mail", email).toLowerCase(Locale.ROOT);
    if (!e.contains("@")) {
      throw new StoreException(StoreException.Kind.INVALID, "e-mail must contain '@'");
    }
    return e;
  }

  private static Optional<User> find(Connection c, TenantScope scope, String id)
      throws SQLException {
    return new Sql.Query(SELECT).and("id = ?", id).andIf("tenant_id = ?", scope.tenantId())
        .list(c, SqlUsers::row).stream().findFirst();
  }

  static User row(ResultSet rs) throws SQLException {
    return new User(rs.getString("id"), rs.getString("tenant_id"), rs.getString("team_id"),
        rs.getString("email"), rs.getString("name"), rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }
}
