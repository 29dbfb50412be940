package dev.switchboard.store;

import dev.switchboard.governance.KeyRecord;
import java.util.List;
import java.util.Optional;

/**
 * Virtual keys, stored as SHA-256 hashes only.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only. Auth calls
 * {@link #findByHash} on a cache miss, off the event loop.
 */
public interface KeyStore {
  /** Stores a key for a user; NOT_FOUND when the user is not visible in {@code scope}. */
  KeyInfo insert(TenantScope scope, NewKey key);

  /**
   * What auth needs about the key with this hash — including revoked and expired keys, which
   * {@link KeyRecord#usableAt} refuses — in one indexed query joining the hierarchy.
   */
  Optional<KeyRecord> findByHash(String keyHash);

  /** The key, if visible. */
  Optional<KeyInfo> get(TenantScope scope, String id);

  /** Visible keys, of one user when {@code userId} is not null, newest first. */
  List<KeyInfo> list(TenantScope scope, String userId);

  /** Revokes a key now (idempotent: the first revocation time is kept); false if not visible. */
  boolean revoke(TenantScope scope, String id);

  /** Changes name, models, expiry and/or metadata; empty when the key is not visible. */
  Optional<KeyInfo> update(TenantScope scope, String id, KeyUpdate update);

  /** Deletes a key for good (its ledger rows stay); false when it is not visible. */
  boolean delete(TenantScope scope, String id);
}
