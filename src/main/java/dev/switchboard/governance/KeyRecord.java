package dev.switchboard.governance;

import java.util.List;
import java.util.Map;

/**
 * What the gateway knows about one virtual key when a request presents it: who it belongs to at
 * every level of the hierarchy and what it may do. Immutable; cached by key hash.
 *
 * @param id the key's id
 * @param keyHash {@link ApiKeys#hash} of the key
 * @param name the key's name
 * @param userId owning user
 * @param teamId the user's team
 * @param departmentId the team's department
 * @param tenantId the department's tenant
 * @param models model names the key may use; empty means every model
 * @param expiresAtMillis epoch ms after which the key is refused; 0 = never
 * @param revoked whether the key was revoked
 * @param metadata free-form labels set by the admin API
 */
public record KeyRecord(String id, String keyHash, String name, String userId, String teamId,
    String departmentId, String tenantId, List<String> models, long expiresAtMillis,
    boolean revoked, Map<String, String> metadata) {

  public KeyRecord {
    models = List.copyOf(models);
    metadata = Map.copyOf(metadata);
  }

  /** Whether the key may be used at {@code nowMillis}. */
  public boolean usableAt(long nowMillis) {
    return !revoked && (expiresAtMillis == 0 || nowMillis < expiresAtMillis);
  }

  /** Whether the key may use {@code model}. */
  public boolean allows(String model) {
    return models.isEmpty() || models.contains(model);
  }
}
