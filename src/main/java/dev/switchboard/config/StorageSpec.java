package dev.switchboard.config;

/**
 * Where durable state lives ({@code storage:} in YAML): keys, tenants, limits, credentials, audit
 * log and ledger. Immutable.
 *
 * @param sqlitePath {@code sqlite_path} (or {@code SWITCHBOARD_DB_PATH}): the SQLite file used
 *     when no database URL is set (default {@code switchboard.db} in the working directory)
 * @param databaseUrl {@code database_url} (or {@code DATABASE_URL}): PostgreSQL as
 *     {@code postgres://user:pass@host:5432/db} or {@code jdbc:postgresql://…}; empty = SQLite
 * @param replicaUrl {@code replica_url} (or {@code DATABASE_REPLICA_URL}): an optional read
 *     replica of that PostgreSQL
 * @param encryptionKey {@code encryption_key} (or {@code SWITCHBOARD_ENCRYPTION_KEY}): 32 bytes
 *     as base64 or hex, for tenants' provider credentials; empty = storing credentials is refused
 */
public record StorageSpec(String sqlitePath, String databaseUrl, String replicaUrl,
    String encryptionKey) {

  /** The defaults used when {@code storage:} or one of its fields is absent. */
  public static StorageSpec defaults() {
    return new StorageSpec("switchboard.db", "", "", "");
  }

  /** Whether PostgreSQL (rather than the SQLite file) holds the state. */
  public boolean postgres() {
    return !databaseUrl.isEmpty();
  }

  @Override
  public String toString() {
    // never print credentials in a URL or the encryption key
    return "StorageSpec[" + (postgres() ? "postgres" : "sqlite " + sqlitePath)
        + (replicaUrl.isEmpty() ? "" : ", with replica")
        + (encryptionKey.isEmpty() ? "" : ", encryption key set") + "]";
  }
}
