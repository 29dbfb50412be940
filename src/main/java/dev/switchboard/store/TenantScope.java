package dev.switchboard.store;

import java.util.Objects;

/**
 * Whose rows a call may see or change: every tenant (the gateway operator) or exactly one tenant
 * (a tenant admin). Every tenant-scoped store method takes one; with {@code of(a)} it never
 * returns, changes or deletes a row of another tenant — such rows behave as if they did not
 * exist. This is where the admin API's tenant isolation is enforced.
 *
 * <p>Threading: immutable.
 *
 * @param tenantId the one visible tenant, or null for all
 */
public record TenantScope(String tenantId) {
  /** Every tenant: for the gateway operator and internal callers. */
  public static final TenantScope ALL = new TenantScope(null);

  /** Only {@code tenantId}. */
  public static TenantScope of(String tenantId) {
    return new TenantScope(Objects.requireNonNull(tenantId, "tenantId"));
  }

  /** Whether every tenant is visible. */
  public boolean isAll() {
    return tenantId == null;
  }

  /** Whether a row of {@code rowTenantId} is visible. */
  public boolean allows(String rowTenantId) {
    return tenantId == null || tenantId.equals(rowTenantId);
  }
}
