package dev.switchboard.store;

/**
 * The append-only audit log of admin actions.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface AuditStore {
  /** Appends an event, stamped with the store's clock. */
  AuditEntry append(AuditEvent event);

  /**
   * Visible entries, newest first, {@code limit} (1–1000) per page; {@code cursor} is null for
   * the first page, then the previous page's {@link Page#nextCursor()}. A tenant scope sees only
   * that tenant's entries, never gateway-wide ones.
   */
  Page<AuditEntry> list(TenantScope scope, String cursor, int limit);
}
