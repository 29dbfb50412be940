package dev.switchboard.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A key to insert. It carries the SHA-256 hash and display hint made by
 * {@code governance.ApiKeys} — never the key itself, which is shown once to its owner and
 * forgotten. Immutable.
 *
 * @param userId owning user
 * @param keyHash {@code ApiKeys.hash(key)}
 * @param name label
 * @param hint {@code ApiKeys.hint(key)}
 * @param models allowed models; empty = every model
 * @param expiresAtMillis epoch ms; 0 = never
 * @param metadata free-form labels
 */
public record NewKey(String userId, String keyHash, String name, String hint,
    List<String> models, long expiresAtMillis, Map<String, String> metadata) {

  public NewKey {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(keyHash, "keyHash");
    if (!keyHash.matches("[0-9a-f]{64}")) {
      // Guards against a plaintext key being passed where its hash belongs.
      throw new IllegalArgumentException("keyHash must be a hex SHA-256 (ApiKeys.hash)");
    }
    name = name == null ? "" : name;
    hint = Objects.requireNonNull(hint, "hint");
    models = models == null ? List.of() : List.copyOf(models);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (expiresAtMillis < 0) {
      throw new IllegalArgumentException("expiresAtMillis must be 0 (never) or an epoch ms");
    }
  }
}
