package dev.switchboard.config;

import java.util.Map;

/**
 * Reads {@code storage:} and lays the environment over it ({@code DATABASE_URL},
 * {@code DATABASE_REPLICA_URL}, {@code SWITCHBOARD_ENCRYPTION_KEY}, {@code SWITCHBOARD_DB_PATH}),
 * as container platforms set them. Stateless.
 */
final class StorageSection {
  private StorageSection() {}

  static StorageSpec read(NodeReader root, Map<String, String> env) {
    StorageSpec d = StorageSpec.defaults();
    NodeReader r = root.object("storage");
    StorageSpec fromFile = new StorageSpec(
        r.string("sqlite_path", d.sqlitePath()).trim(),
        r.string("database_url", d.databaseUrl()).trim(),
        r.string("replica_url", d.replicaUrl()).trim(),
        r.string("encryption_key", d.encryptionKey()).trim());
    r.rejectUnknownFields();
    StorageSpec s = withEnv(fromFile, env);
    if (s.sqlitePath().isEmpty()) {
      r.error("sqlite_path", "must not be empty");
    }
    if (!s.replicaUrl().isEmpty() && !s.postgres()) {
      r.error("replica_url", "a read replica needs database_url (PostgreSQL) too");
    }
    return s;
  }

  /** The environment's values win over the file's, an empty variable counting as unset. */
  static StorageSpec withEnv(StorageSpec s, Map<String, String> env) {
    return new StorageSpec(
        value(env, "SWITCHBOARD_DB_PATH", s.sqlitePath()),
        value(env, "DATABASE_URL", s.databaseUrl()),
        value(env, "DATABASE_REPLICA_URL", s.replicaUrl()),
        value(env, "SWITCHBOARD_ENCRYPTION_KEY", s.encryptionKey()));
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
