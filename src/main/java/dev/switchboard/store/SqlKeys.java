package dev.switchboard.store;

import dev.switchboard.governance.KeyRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link KeyStore} on SQL. Thread-safe; blocking. */
final class SqlKeys implements KeyStore {
  private static final String COLUMNS = "id, tenant_id, user_id, name, hint, models, expires_at,"
      + " revoked_at, metadata, created_at";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM api_keys WHERE 1 = 1";
  // The users and teams joins give the team and department in the same indexed lookup.
  private static final String BY_HASH = "SELECT k.id, k.key_hash, k.name, k.user_id, u.team_id,"
      + " t.department_id, k.tenant_id, k.models, k.expires_at, k.revoked_at, k.metadata"
      + " FROM api_keys k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id"
      + " WHERE k.key_hash = ?";
  private final Nodes nodes;

  SqlKeys(Nodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public KeyInfo insert(TenantScope scope, NewKey key) {
    return nodes.db.write("create key", c -> {
      String tenant = Nodes.tenantOf(c, scope, ScopeType.USER, key.userId());
      long now = nodes.now();
      KeyInfo k = new KeyInfo(Nodes.newId(), tenant, key.userId(), key.name(), key.hint(),
          key.models(), key.expiresAtMillis(), 0, key.metadata(), now);
      Sql.update(c, "INSERT INTO api_keys (id, tenant_id, user_id, key_hash, name, hint, models,"
              + " expires_at, revoked_at, metadata, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", k.id(), tenant, k.userId(),
          key.keyHash(), k.name(), k.hint(), Sql.toJson(k.models()),
          zeroAsNull(k.expiresAtMillis()), null, Sql.toJson(k.metadata()), now, now);
      return k;
    });
  }

  @Override
  public Optional<KeyRecord> findByHash(String keyHash) {
    Optional<KeyRecord> found = nodes.db.read("api_keys",
        c -> Sql.one(c, BY_HASH, SqlKeys::record, keyHash));
    if (found.isEmpty() && nodes.db.hasReplica()) {
      // A key created a moment ago may not have reached the replica yet.
      return nodes.db.readPrimary("api_keys", c -> Sql.one(c, BY_HASH, SqlKeys::record, keyHash));
    }
    return found;
  }

  @Override
  public Optional<KeyInfo> get(TenantScope scope, String id) {
    return nodes.db.read("api_keys", c -> find(c, scope, id));
  }

  @Override
  public List<KeyInfo> list(TenantScope scope, String userId) {
    return nodes.db.read("api_keys", c -> new Sql.Query(SELECT)
        .andIf("tenant_id = ?", scope.tenantId()).andIf("user_id = ?", userId)
        .append(" ORDER BY created_at DESC, id").list(c, SqlKeys::row));
  }

  @Override
  public boolean revoke(TenantScope scope, String id) {
    return nodes.db.write("revoke key", c -> {
      if (find(c, scope, id).isEmpty()) {
        return false;
      }
      long now = nodes.now();
      Sql.update(c, "UPDATE api_keys SET revoked_at = ?, updated_at = ?"
          + " WHERE id = ? AND revoked_at IS NULL", now, now, id);
      return true;
    });
  }

  @Override
  public Optional<KeyInfo> update(TenantScope scope, String id, KeyUpdate u) {
    if (u.expiresAtMillis() != null && u.expiresAtMillis() < 0) {
      throw new StoreException(StoreException.Kind.INVALID,
          "expiresAtMillis must be 0 (never) or an epoch ms");
    }
    return nodes.db.write("update key", c -> {
      Optional<KeyInfo> current = find(c, scope, id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      KeyInfo k = current.get();
      Sql.update(c, "UPDATE api_keys SET name = ?, models = ?, expires_at = ?, metadata = ?,"
              + " updated_at = ? WHERE id = ?", u.name() == null ? k.name() : u.name(),
          Sql.toJson(u.models() == null ? k.models() : u.models()),
          zeroAsNull(u.expiresAtMillis() == null ? k.expiresAtMillis() : u.expiresAtMillis()),
          Sql.toJson(u.metadata() == null ? k.metadata() : u.metadata()), nodes.now(), id);
      return find(c, scope, id);
    });
  }

  @Override
  public boolean delete(TenantScope scope, String id) {
    return nodes.db.write("delete key", c -> find(c, scope, id).isPresent()
        && Nodes.delete(c, ScopeType.KEY, id, null, null, null));
  }

  private static Optional<KeyInfo> find(Connection c, TenantScope scope, String id)
      throws SQLException {
    return new Sql.Query(SELECT).and("id = ?", id).andIf("tenant_id = ?", scope.tenantId())
        .list(c, SqlKeys::row).stream().findFirst();
  }

  private static Long zeroAsNull(long millis) {
    return millis == 0 ? null : millis;
  }

  private static long nullAsZero(Long millis) {
    return millis == null ? 0 : millis;
  }

  static KeyInfo row(ResultSet rs) throws SQLException {
    return new KeyInfo(rs.getString("id"), rs.getString("tenant_id"), rs.getString("user_id"),
        rs.getString("name"), rs.getString("hint"), Sql.stringList(rs.getString("models")),
        nullAsZero(Sql.longOrNull(rs, "expires_at")), nullAsZero(Sql.longOrNull(rs, "revoked_at")),
        Sql.stringMap(rs.getString("metadata")), rs.getLong("created_at"));
  }

  static KeyRecord record(ResultSet rs) throws SQLException {
    return new KeyRecord(rs.getString("id"), rs.getString("key_hash"), rs.getString("name"),
        rs.getString("user_id"), rs.getString("team_id"), rs.getString("department_id"),
        rs.getString("tenant_id"), Sql.stringList(rs.getString("models")),
        nullAsZero(Sql.longOrNull(rs, "expires_at")), Sql.longOrNull(rs, "revoked_at") != null,
        Sql.stringMap(rs.getString("metadata")));
  }
}
