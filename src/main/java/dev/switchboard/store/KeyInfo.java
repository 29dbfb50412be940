package dev.switchboard.store;

import java.util.List;
import java.util.Map;

/**
 * A virtual key as the admin API shows it: everything but the hash. Immutable.
 *
 * @param id UUID string
 * @param tenantId the owner's tenant
 * @param userId owning user
 * @param name label given at creation
 * @param hint {@code sk-sb-Ab3…xY9}, enough to recognise the key
 * @param models model names the key may use; empty = every model
 * @param expiresAtMillis epoch ms after which the key is refused; 0 = never
 * @param revokedAtMillis epoch ms of revocation; 0 = not revoked
 * @param metadata free-form labels
 * @param createdAtMillis epoch ms
 */
public record KeyInfo(String id, String tenantId, String userId, String name, String hint,
    List<String> models, long expiresAtMillis, long revokedAtMillis, Map<String, String> metadata,
    long createdAtMillis) {

  public KeyInfo {
    models = List.copyOf(models);
    metadata = Map.copyOf(metadata);
  }

  /** Whether the key was revoked. */
  public boolean revoked() {
    return revokedAtMillis != 0;
  }
}
