package dev.switchboard.store;

/**
 * The tenant hierarchy: tenant → department → team → user. Every child row belongs to exactly
 * one tenant, enforced by the schema.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface HierarchyStore {
  TenantStore tenants();

  DepartmentStore departments();

  TeamStore teams();

  UserStore users();
}
