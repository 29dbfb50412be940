package dev.switchboard.store;

import java.util.List;
import java.util.Optional;

/**
 * Tenants. Deleting one that still has departments fails with
 * {@link StoreException.Kind#CONFLICT}; its limits and provider credentials go with it.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface TenantStore {
  /** Creates a tenant; CONFLICT when the name is taken. */
  Tenant create(String name);

  /** The tenant, if visible in {@code scope}. */
  Optional<Tenant> get(TenantScope scope, String id);

  /** Every tenant visible in {@code scope}, by name. */
  List<Tenant> list(TenantScope scope);

  /** Renames a tenant; empty when it is not visible. */
  Optional<Tenant> rename(TenantScope scope, String id, String name);

  /** Deletes a tenant; false when it is not visible. */
  boolean delete(TenantScope scope, String id);
}
