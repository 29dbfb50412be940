package dev.switchboard.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reads to the read replica and falls back to the primary when the replica fails. After a
 * connection error the replica is skipped for a cool-down, so a dead replica costs one short
 * connection timeout per cool-down rather than one per read. Counts
 * {@code read_replica_queries{table,status=replica|fallback}} and
 * {@code read_replica_connection_errors}.
 *
 * <p>Threading: thread-safe; blocking (JDBC) — worker threads only.
 */
final class ReplicaReads {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);

  private final DataSource replica;
  private final DataSource primary;
  private final MeterRegistry registry;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong downUntil;
  private final Counter connectionErrors;
  private final Map<String, Counter> replicaReads = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();

  ReplicaReads(DataSource replica, DataSource primary, MeterRegistry registry, Duration cooldown,
      LongSupplier nanoTime) {
    this.replica = replica;
    this.primary = primary;
    this.registry = registry;
    this.cooldownNanos = cooldown.toNanos();
    this.nanoTime = nanoTime;
    this.downUntil = new AtomicLong(nanoTime.getAsLong());
    this.connectionErrors = Counter.builder("read_replica_connection_errors")
        .description("Failed attempts to get a connection to the read replica")
        .register(registry);
  }

  <T> T read(String table, SqlWork<T> work) throws SQLException {
    if (nanoTime.getAsLong() - downUntil.get() >= 0) {
      try {
        T result = onReplica(work);
        counter(replicaReads, table, "replica").increment();
        return result;
      } catch (ReplicaUnreachable e) {
        connectionErrors.increment();
        downUntil.set(nanoTime.getAsLong() + cooldownNanos);
        LOG.warn("read replica unreachable ({}); reading from the primary for the next {} ms",
            e.getCause().getMessage(), cooldownNanos / 1_000_000);
      } catch (SQLException e) {
        // A query that fails on the replica (lag behind a migration, a cancelled statement) is
        // answered by the primary rather than failing the caller.
        LOG.debug("read on the replica failed, retrying on the primary: {}", e.getMessage());
      }
    }
    counter(fallbacks, table, "fallback").increment();
    try (Connection c = primary.getConnection()) {
      return work.run(c);
    }
  }

  private <T> T onReplica(SqlWork<T> work) throws SQLException {
    Connection c;
    try {
      c = replica.getConnection();
    } catch (SQLException e) {
      throw new ReplicaUnreachable(e);
    }
    try (c) {
      return work.run(c);
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
        throw new ReplicaUnreachable(e);
      }
      throw e;
    }
  }

  private Counter counter(Map<String, Counter> cache, String table, String status) {
    return cache.computeIfAbsent(table, t -> Counter.builder("read_replica_queries")
        .description("Reads meant for the read replica, by where they were answered")
        .tag("table", t).tag("status", status).register(registry));
  }

  /** The replica could not be reached at all (as opposed to a failed query). */
  private static final class ReplicaUnreachable extends SQLException {
    private static final long serialVersionUID = 1L;

    ReplicaUnreachable(SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause);
    }
  }
}
