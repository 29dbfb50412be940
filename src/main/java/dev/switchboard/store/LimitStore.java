package dev.switchboard.store;

import dev.switchboard.governance.KeyRecord;
import java.util.List;
import java.util.Optional;

/**
 * Rate and spend limits per scope (tenant, department, team, user, key) and model. Limits of a
 * deleted node are deleted with it.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface LimitStore {
  /**
   * Sets (inserts or replaces) the limits of a scope and model. NOT_FOUND when the scope's node
   * does not exist or is not visible in {@code scope}.
   */
  Limits put(TenantScope scope, Limits limits);

  /** The limits of one scope and model, if set and visible. */
  Optional<Limits> get(TenantScope scope, ScopeType type, String scopeId, String model);

  /**
   * Visible limits: of one node (every model) when {@code type} and {@code scopeId} are given,
   * else all of them.
   */
  List<Limits> list(TenantScope scope, ScopeType type, String scopeId);

  /** Every limit that applies to a key: its own, its user's, team's, department's, tenant's. */
  List<Limits> applicableTo(KeyRecord key);

  /** Removes the limits of a scope and model; false when none were set or visible. */
  boolean delete(TenantScope scope, ScopeType type, String scopeId, String model);
}
