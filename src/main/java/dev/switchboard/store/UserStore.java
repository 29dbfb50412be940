package dev.switchboard.store;

import java.util.List;
import java.util.Optional;

/**
 * Users of a team. E-mail addresses are stored lower-cased and are unique within a tenant.
 * Deleting a user who still has keys fails with {@link StoreException.Kind#CONFLICT}.
 *
 * <p>Threading: implementations are thread-safe and blocking — worker threads only.
 */
public interface UserStore {
  /** Creates a user; NOT_FOUND when the team is not visible, CONFLICT when the e-mail is taken. */
  User create(TenantScope scope, String teamId, String email, String name);

  /** The user, if visible. */
  Optional<User> get(TenantScope scope, String id);

  /** The user with this e-mail in {@code tenantId}, if visible. */
  Optional<User> findByEmail(TenantScope scope, String tenantId, String email);

  /** Visible users, of one team when {@code teamId} is not null, by e-mail. */
  List<User> list(TenantScope scope, String teamId);

  /**
   * Changes e-mail, name and/or team (within the tenant); a null argument keeps that field.
   * Empty when the user is not visible.
   */
  Optional<User> update(TenantScope scope, String id, String email, String name, String teamId);

  /** Deletes a user; false when it is not visible. */
  boolean delete(TenantScope scope, String id);
}
