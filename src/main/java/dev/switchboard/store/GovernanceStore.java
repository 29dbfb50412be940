package dev.switchboard.store;

/**
 * Everything governance and accounting keep durably, as one role interface per concern. Features
 * depend on the narrow role they need ({@link KeyStore} for auth, {@link LimitStore} for rate
 * limits …); the composition root builds one {@link SqlGovernanceStore} and hands out the roles.
 *
 * <p>Threading: implementations are thread-safe; every call blocks (JDBC) and must run on a
 * worker thread (Vert.x {@code executeBlocking}), never on an event loop.
 */
public interface GovernanceStore {
  HierarchyStore hierarchy();

  KeyStore keys();

  LimitStore limits();

  CredentialStore credentials();

  AuditStore audit();

  UsageStore usage();

  CreditStore credits();
}
