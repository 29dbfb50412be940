package dev.switchboard.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store's connections: a SQLite file (one writer connection, a few readers, WAL,
 * foreign keys on) or PostgreSQL (a primary pool and an optional read-replica pool), all HikariCP
 * pools reporting to Micrometer. Opening it applies the Flyway migrations under
 * {@code db/migration}. Writes run in a transaction on the primary; reads go to the replica when
 * there is one and fall back to the primary when it fails.
 *
 * <p>A daemon thread checks pool utilisation every {@link DatabaseSettings#poolCheckInterval()}
 * (see {@link PoolMonitor}); with a zero interval there is no thread and the caller schedules
 * {@link #checkPools()}.
 *
 * <p>Threading: thread-safe. <b>Every method blocks</b> (JDBC): call it from a worker thread
 * (Vert.x {@code executeBlocking} or a dedicated executor), never from an event loop.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseUrl url;
  private final HikariDataSource primary;
  private final HikariDataSource readers;
  private final HikariDataSource replicaPool;
  private final ReplicaReads replica;
  private final PoolMonitor monitor;
  private final ScheduledExecutorService monitorThread;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(DatabaseUrl url, HikariDataSource primary, HikariDataSource readers,
      HikariDataSource replicaPool, ReplicaReads replica, PoolMonitor monitor,
      ScheduledExecutorService monitorThread) {
    this.url = url;
    this.primary = primary;
    this.readers = readers;
    this.replicaPool = replicaPool;
    this.replica = replica;
    this.monitor = monitor;
    this.monitorThread = monitorThread;
  }

  /**
   * Opens the store, migrating the schema to the newest version.
   *
   * @throws IllegalArgumentException when a URL is malformed (the message never holds a password)
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static Database open(DatabaseSettings settings, MeterRegistry registry) {
    DatabaseUrl url = settings.primary();
    DatabaseUrl replicaUrl = settings.replica();
    Opened pools = new Opened();
    try {
      pools.primary = url.dialect() == Dialect.SQLITE
          ? Pools.sqliteWriter(url, settings, registry)
          : Pools.postgres(url, "switchboard-primary", false, settings, registry);
      Pools.migrate(url);
      pools.readers = url.dialect() == Dialect.SQLITE
          ? Pools.sqliteReaders(url, settings, registry) : pools.primary;
      if (replicaUrl != null) {
        pools.replica = Pools.postgres(replicaUrl, "switchboard-replica", true, settings,
            registry);
      }
    } catch (RuntimeException e) {
      pools.closeAll();
      if (e instanceof IllegalArgumentException || e instanceof StoreException) {
        throw e;
      }
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot open the database "
          + url.redacted() + ": " + e.getMessage(), e);
    }
    return assemble(url, settings, registry, pools);
  }

  private static Database assemble(DatabaseUrl url, DatabaseSettings settings,
      MeterRegistry registry, Opened pools) {
    PoolMonitor monitor = new PoolMonitor(registry, System::currentTimeMillis);
    monitor.add(url.dialect() == Dialect.SQLITE ? "sqlite-writer" : "primary", pools.primary);
    if (pools.readers != pools.primary) {
      monitor.add("sqlite-read", pools.readers);
    }
    ReplicaReads replica = null;
    if (pools.replica != null) {
      monitor.add("replica", pools.replica);
      replica = new ReplicaReads(pools.replica, pools.primary, registry,
          settings.replicaCooldown(), System::nanoTime);
    }
    ScheduledExecutorService thread = null;
    long every = settings.poolCheckInterval().toMillis();
    if (every > 0) {
      thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-pool-monitor");
        t.setDaemon(true);
        return t;
      });
      thread.scheduleWithFixedDelay(monitor::check, every, every, TimeUnit.MILLISECONDS);
    }
    LOG.info("store open: {}{}", url.redacted(), pools.replica == null ? ""
        : " with a read replica");
    return new Database(url, pools.primary, pools.readers, pools.replica, replica, monitor,
        thread);
  }

  /** Which database this is. */
  public Dialect dialect() {
    return url.dialect();
  }

  /** Where the database is, without credentials. */
  public String describe() {
    return url.redacted();
  }

  /**
   * Runs {@code work} in one transaction on the primary: committed when it returns, rolled back
   * when it throws. {@code doing} names the operation in error messages ("create team"). Never
   * call it from inside another {@code write}: SQLite has a single writer connection.
   *
   * @throws StoreException translated from the driver's error, or thrown by {@code work}
   */
  public <T> T write(String doing, SqlWork<T> work) {
    try (Connection c = primary.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw StoreException.from(e, doing);
    }
  }

  /**
   * Runs read-only {@code work}: on the read replica when there is one (falling back to the
   * primary, counted per {@code table}), on a reader connection for SQLite, else on the primary.
   * Replica reads may lag the primary by the replication delay.
   */
  public <T> T read(String table, SqlWork<T> work) {
    try {
      if (replica != null) {
        return replica.read(table, work);
      }
      try (Connection c = readers.getConnection()) {
        return work.run(c);
      }
    } catch (SQLException e) {
      throw StoreException.from(e, "reading " + table);
    }
  }

  /** Runs read-only {@code work} on the primary: for reads that must see the latest write. */
  public <T> T readPrimary(String table, SqlWork<T> work) {
    try (Connection c = primary.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw StoreException.from(e, "reading " + table);
    }
  }

  /** Whether reads may be answered by a replica that lags the primary. */
  public boolean hasReplica() {
    return replica != null;
  }

  /** Checks the pools now, logging any that are too full; see {@link PoolMonitor}. */
  public List<PoolMonitor.PoolStatus> checkPools() {
    return monitor.check();
  }

  /** Closes every pool. Idempotent. Close the {@link LedgerWriter} first. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (monitorThread != null) {
      monitorThread.shutdownNow();
    }
    monitor.close();
    new Opened(primary, readers, replicaPool).closeAll();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed (the connection is likely broken): {}", e.getMessage());
    }
  }

  /** The pools opened so far, so a failed open can close them. */
  private static final class Opened {
    HikariDataSource primary;
    HikariDataSource readers;
    HikariDataSource replica;

    Opened() {}

    Opened(HikariDataSource primary, HikariDataSource readers, HikariDataSource replica) {
      this.primary = primary;
      this.readers = readers;
      this.replica = replica;
    }

    void closeAll() {
      for (HikariDataSource ds : new HikariDataSource[] {replica, readers, primary}) {
        if (ds != null && !ds.isClosed()) {
          ds.close();
        }
      }
    }
  }
}
