package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Builds the HikariCP pools and runs the Flyway migrations. SQLite gets one writer connection
 * (SQLite allows one writer at a time anyway; a single connection turns lock contention into an
 * orderly queue) and a few reader connections (WAL lets readers run beside the writer).
 *
 * <p>Threading: static factory methods; call them from one thread at start-up.
 */
final class Pools {
  static final String MIGRATIONS = "classpath:db/migration";
  private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

  private Pools() {}

  static HikariDataSource sqliteWriter(DatabaseUrl url, DatabaseSettings s, MeterRegistry reg) {
    HikariConfig c = base("switchboard-sqlite-writer", s, reg);
    c.setDataSource(sqliteSource(url, true));
    c.setMaximumPoolSize(1);
    c.setMinimumIdle(1);
    return new HikariDataSource(c);
  }

  static HikariDataSource sqliteReaders(DatabaseUrl url, DatabaseSettings s, MeterRegistry reg) {
    HikariConfig c = base("switchboard-sqlite-read", s, reg);
    c.setDataSource(sqliteSource(url, false));
    c.setMaximumPoolSize(Math.max(2, Math.min(s.maxPoolSize(), 8)));
    c.setMinimumIdle(1);
    // A reader must never write: a stray write here would bypass the single-writer queue.
    c.setConnectionInitSql("PRAGMA query_only = 1");
    return new HikariDataSource(c);
  }

  static HikariDataSource postgres(DatabaseUrl url, String poolName, boolean replica,
      DatabaseSettings s, MeterRegistry reg) {
    HikariConfig c = base(poolName, s, reg);
    c.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      c.setUsername(url.user());
    }
    if (url.password() != null) {
      c.setPassword(url.password());
    }
    c.setMaximumPoolSize(s.maxPoolSize());
    c.setMinimumIdle(Math.min(2, s.maxPoolSize()));
    // Lets the driver send a JDBC batch as multi-row INSERTs (the ledger writes in batches).
    c.addDataSourceProperty("reWriteBatchedInserts", "true");
    c.addDataSourceProperty("ApplicationName", "switchboard");
    if (replica) {
      // A replica that is down must not stop the gateway from starting or stall reads for long:
      // reads fall back to the primary.
      c.setInitializationFailTimeout(-1);
      c.setConnectionTimeout(Math.max(250, s.replicaConnectionTimeout().toMillis()));
      c.setReadOnly(true);
    }
    return new HikariDataSource(c);
  }

  private static HikariConfig base(String name, DatabaseSettings s, MeterRegistry reg) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(name);
    c.setConnectionTimeout(Math.max(250, s.connectionTimeout().toMillis()));
    c.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(reg));
    c.setAutoCommit(true);
    return c;
  }

  private static DataSource sqliteSource(DatabaseUrl url, boolean writer) {
    File parent = new File(url.sqlitePath()).getAbsoluteFile().getParentFile();
    if (parent != null && !parent.exists() && !parent.mkdirs() && !parent.exists()) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE,
          "cannot create the directory for the SQLite file " + url.sqlitePath());
    }
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    cfg.enforceForeignKeys(true);
    // FULL: each commit survives power loss; ledger batching keeps the fsync count low.
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    if (writer) {
      // Take the write lock when the transaction begins, so a transaction never fails half-way
      // when it upgrades from reading to writing.
      cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl(url.jdbcUrl());
    return ds;
  }

  /** Applies the migrations under {@code db/migration}; safe to run from many replicas at once. */
  static void migrate(DatabaseUrl url) {
    var cfg = Flyway.configure().locations(MIGRATIONS).failOnMissingLocations(true);
    if (url.dialect() == Dialect.SQLITE) {
      // Its own connection, outside the single-connection writer pool.
      cfg.dataSource(sqliteSource(url, true));
    } else {
      cfg.dataSource(url.jdbcUrl(), url.user(), url.password());
    }
    cfg.load().migrate();
  }
}
