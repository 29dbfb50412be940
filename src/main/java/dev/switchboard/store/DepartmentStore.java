package dev.switchboard.store;

import java.util.List;
import java.util.Optional;

/**
 * Departments of a tenant. Deleting one that still has teams fails with
 * {@link StoreException.Kind#CONFLICT}.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface DepartmentStore {
  /** Creates a department; NOT_FOUND when the tenant is not visible in {@code scope}. */
  Department create(TenantScope scope, String tenantId, String name);

  /** The department, if visible. */
  Optional<Department> get(TenantScope scope, String id);

  /** Visible departments, of one tenant when {@code tenantId} is not null, by name. */
  List<Department> list(TenantScope scope, String tenantId);

  /** Renames a department; empty when it is not visible. */
  Optional<Department> rename(TenantScope scope, String id, String name);

  /** Deletes a department; false when it is not visible. */
  boolean delete(TenantScope scope, String id);
}
