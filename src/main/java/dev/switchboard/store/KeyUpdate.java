package dev.switchboard.store;

import java.util.List;
import java.util.Map;

/**
 * Changes to a key; a null component leaves that field as it is. Immutable.
 *
 * @param name new label, or null
 * @param models new allowed models (empty = every model), or null
 * @param expiresAtMillis new expiry (0 = never), or null
 * @param metadata new labels (replacing the old ones), or null
 */
public record KeyUpdate(String name, List<String> models, Long expiresAtMillis,
    Map<String, String> metadata) {

  public KeyUpdate {
    models = models == null ? null : List.copyOf(models);
    metadata = metadata == null ? null : Map.copyOf(metadata);
  }
}
