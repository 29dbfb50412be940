package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

/**
 * What the SQL stores share: ids, the clock, input checks, finding which tenant a node of the
 * hierarchy belongs to (the heart of tenant isolation on writes) and deleting a node safely.
 *
 * <p>Threading: immutable; its methods block on the connection they are given.
 */
final class Nodes {
  final Database db;
  final Clock clock;

  Nodes(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  long now() {
    return clock.millis();
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static String requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new StoreException(StoreException.Kind.INVALID, what + " must not be empty");
    }
    return value.strip();
  }

  static StoreException notFound(ScopeType type, String id) {
    return new StoreException(StoreException.Kind.NOT_FOUND, type.code() + " " + id
        + " not found");
  }

  /**
   * The tenant of node {@code id} of {@code type}.
   *
   * @throws StoreException NOT_FOUND when it does not exist or {@code scope} cannot see it
   */
  static String tenantOf(Connection c, TenantScope scope, ScopeType type, String id)
      throws SQLException {
    String column = type == ScopeType.TENANT ? "id" : "tenant_id";
    String tenant = Sql.one(c, "SELECT " + column + " FROM " + type.table() + " WHERE id = ?",
        rs -> rs.getString(1), id).orElseThrow(() -> notFound(type, id));
    if (!scope.allows(tenant)) {
      // Another tenant's node looks exactly like a missing one.
      throw notFound(type, id);
    }
    return tenant;
  }

  /**
   * Deletes node {@code id} (already known to be visible) and its limits, refusing with CONFLICT
   * while rows of {@code childTable} still point at it.
   */
  static boolean delete(Connection c, ScopeType type, String id, String childTable,
      String childColumn, String children) throws SQLException {
    if (childTable != null && Sql.one(c, "SELECT 1 FROM " + childTable + " WHERE " + childColumn
        + " = ? LIMIT 1", rs -> 1, id).isPresent()) {
      throw new StoreException(StoreException.Kind.CONFLICT, type.code() + " " + id
          + " still has " + children + "; delete them first");
    }
    Sql.update(c, "DELETE FROM limits WHERE scope_type = ? AND scope_id = ?", type.code(), id);
    return Sql.update(c, "DELETE FROM " + type.table() + " WHERE id = ?", id) == 1;
  }

  /** Whether node {@code id} exists and {@code scope} can see it. */
  static boolean visible(Connection c, TenantScope scope, ScopeType type, String id)
      throws SQLException {
    try {
      tenantOf(c, scope, type, id);
      return true;
    } catch (StoreException e) {
      return false;
    }
  }
}
