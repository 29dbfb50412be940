package dev.switchboard.store;

import java.util.List;
import java.util.Optional;

/**
 * Teams of a department. Deleting one that still has users fails with
 * {@link StoreException.Kind#CONFLICT}.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface TeamStore {
  /** Creates a team; NOT_FOUND when the department is not visible in {@code scope}. */
  Team create(TenantScope scope, String departmentId, String name);

  /** The team, if visible. */
  Optional<Team> get(TenantScope scope, String id);

  /** Visible teams, of one department when {@code departmentId} is not null, by name. */
  List<Team> list(TenantScope scope, String departmentId);

  /**
   * Renames a team and/or moves it to another department of the same tenant; a null argument
   * keeps that field. Empty when the team is not visible; NOT_FOUND when the new department is
   * not in the team's tenant.
   */
  Optional<Team> update(TenantScope scope, String id, String name, String departmentId);

  /** Deletes a team; false when it is not visible. */
  boolean delete(TenantScope scope, String id);
}
