package dev.switchboard.store;

import java.time.Duration;

/**
 * How to open the store. With no {@code url} the store is the SQLite file at {@code sqlitePath};
 * otherwise {@code url} is parsed by {@link DatabaseUrl#parse}. A {@code replicaUrl} (PostgreSQL
 * only) takes the reads; see {@link Database#read}.
 *
 * <p>Threading: immutable.
 *
 * @param url database URL, or null/blank for SQLite
 * @param sqlitePath the SQLite file used when {@code url} is empty, e.g. {@code switchboard.db}
 * @param replicaUrl optional PostgreSQL read replica URL, or null
 * @param maxPoolSize connections per PostgreSQL pool (and SQLite reader connections)
 * @param connectionTimeout how long a caller waits for a pooled connection
 * @param replicaConnectionTimeout how long a read waits for a replica connection before it falls
 *     back to the primary (kept short: the primary is the safety net)
 * @param replicaCooldown after a replica connection error, reads skip the replica for this long
 * @param poolCheckInterval how often pool utilisation is checked and logged; zero disables the
 *     background check (then call {@link Database#checkPools()} yourself)
 */
public record DatabaseSettings(String url, String sqlitePath, String replicaUrl, int maxPoolSize,
    Duration connectionTimeout, Duration replicaConnectionTimeout, Duration replicaCooldown,
    Duration poolCheckInterval) {

  /** The default SQLite file name, relative to the working directory. */
  public static final String DEFAULT_SQLITE_PATH = "switchboard.db";

  public DatabaseSettings {
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1");
    }
    if ((url == null || url.isBlank()) && (sqlitePath == null || sqlitePath.isBlank())) {
      throw new IllegalArgumentException("either a database URL or a SQLite file path is needed");
    }
  }

  /** Defaults for {@code url} (null = SQLite at {@code sqlitePath}). */
  public static DatabaseSettings of(String url, String sqlitePath) {
    return new DatabaseSettings(url, sqlitePath, null, 10, Duration.ofSeconds(10),
        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(15));
  }

  /** Defaults for a SQLite file. */
  public static DatabaseSettings sqlite(String path) {
    return of(null, path);
  }

  /** A copy that reads from {@code replica}. */
  public DatabaseSettings withReplica(String replica) {
    return new DatabaseSettings(url, sqlitePath, replica, maxPoolSize, connectionTimeout,
        replicaConnectionTimeout, replicaCooldown, poolCheckInterval);
  }

  /** A copy with another pool size. */
  public DatabaseSettings withMaxPoolSize(int size) {
    return new DatabaseSettings(url, sqlitePath, replicaUrl, size, connectionTimeout,
        replicaConnectionTimeout, replicaCooldown, poolCheckInterval);
  }

  /** A copy with other replica timings. */
  public DatabaseSettings withReplicaTimings(Duration timeout, Duration cooldown) {
    return new DatabaseSettings(url, sqlitePath, replicaUrl, maxPoolSize, connectionTimeout,
        timeout, cooldown, poolCheckInterval);
  }

  /** A copy with another pool check interval (zero disables the background check). */
  public DatabaseSettings withPoolCheckInterval(Duration interval) {
    return new DatabaseSettings(url, sqlitePath, replicaUrl, maxPoolSize, connectionTimeout,
        replicaConnectionTimeout, replicaCooldown, interval);
  }

  /** Where the primary is. */
  DatabaseUrl primary() {
    return url == null || url.isBlank() ? DatabaseUrl.sqlite(sqlitePath) : DatabaseUrl.parse(url);
  }

  /** Where the replica is, or null. */
  DatabaseUrl replica() {
    if (replicaUrl == null || replicaUrl.isBlank()) {
      return null;
    }
    DatabaseUrl r = DatabaseUrl.parse(replicaUrl);
    if (r.dialect() != Dialect.POSTGRESQL || primary().dialect() != Dialect.POSTGRESQL) {
      throw new IllegalArgumentException("a read replica needs PostgreSQL for both the primary"
          + " and the replica");
    }
    return r;
  }
}
