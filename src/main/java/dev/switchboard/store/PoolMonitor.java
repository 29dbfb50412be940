package dev.switchboard.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches how full the connection pools are: a gauge {@code connection_pool_utilization{pool}}
 * (active / max) per pool, and {@link #check()}, which logs a warning at 80 % and an error at
 * 95 %. While a pool stays high the message repeats at most once a minute, so a saturated pool
 * does not flood the log. A single-connection pool (the SQLite writer) is busy whenever anything
 * writes, so it gets a gauge but no alerts.
 *
 * <p>Threading: thread-safe; {@link #check()} is called from the monitor thread of
 * {@link Database} or by whoever schedules it.
 */
public final class PoolMonitor {
  /** At or above this utilisation a pool is worth a warning. */
  public static final double WARN = 0.80;
  /** At or above this utilisation a pool is an error. */
  public static final double ERROR = 0.95;
  private static final long REPEAT_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(PoolMonitor.class);

  /** How full one pool is at one moment. */
  public record PoolStatus(String pool, int active, int max, Level level) {
    /** Active connections divided by the maximum. */
    public double utilization() {
      return max == 0 ? 0 : (double) active / max;
    }
  }

  /** Alert level of a pool. */
  public enum Level { OK, WARN, ERROR }

  private record Probe(String name, IntSupplier active, IntSupplier max) {}

  private final List<Probe> probes = new ArrayList<>();
  private final List<Meter> meters = new ArrayList<>();
  private final Map<String, long[]> lastAlert = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final LongSupplier clockMillis;

  PoolMonitor(MeterRegistry registry, LongSupplier clockMillis) {
    this.registry = registry;
    this.clockMillis = clockMillis;
  }

  void add(String name, HikariDataSource pool) {
    add(name, () -> pool.getHikariPoolMXBean() == null ? 0
        : pool.getHikariPoolMXBean().getActiveConnections(), pool::getMaximumPoolSize);
  }

  synchronized void add(String name, IntSupplier active, IntSupplier max) {
    Probe p = new Probe(name, active, max);
    probes.add(p);
    meters.add(Gauge.builder("connection_pool_utilization", p,
            q -> q.max.getAsInt() == 0 ? 0 : (double) q.active.getAsInt() / q.max.getAsInt())
        .description("Active connections divided by the pool's maximum")
        .tag("pool", name).strongReference(true).register(registry));
  }

  /** Reads every pool and logs the ones that are too full. Returns what it saw. */
  public synchronized List<PoolStatus> check() {
    List<PoolStatus> out = new ArrayList<>();
    for (Probe p : probes) {
      PoolStatus s = status(p);
      out.add(s);
      report(s);
    }
    return out;
  }

  private static PoolStatus status(Probe p) {
    int active = p.active.getAsInt();
    int max = p.max.getAsInt();
    double u = max == 0 ? 0 : (double) active / max;
    Level level = max <= 1 ? Level.OK
        : u >= ERROR ? Level.ERROR : u >= WARN ? Level.WARN : Level.OK;
    return new PoolStatus(p.name, active, max, level);
  }

  private void report(PoolStatus s) {
    long now = clockMillis.getAsLong();
    // [last level ordinal, last alert time]
    long[] last = lastAlert.computeIfAbsent(s.pool(), k -> new long[] {0, Long.MIN_VALUE / 2});
    boolean changed = last[0] != s.level().ordinal();
    if (s.level() == Level.OK) {
      if (changed) {
        LOG.info("connection pool {} is back below {} % ({} of {} in use)", s.pool(),
            (int) (WARN * 100), s.active(), s.max());
      }
    } else if (changed || now - last[1] >= REPEAT_MS) {
      String msg = "connection pool {} is {} % full ({} of {} connections in use); raise"
          + " maxPoolSize or find what holds connections";
      Object[] args = {s.pool(), Math.round(s.utilization() * 100), s.active(), s.max()};
      if (s.level() == Level.ERROR) {
        LOG.error(msg, args);
      } else {
        LOG.warn(msg, args);
      }
      last[1] = now;
    }
    last[0] = s.level().ordinal();
  }

  /** Removes the gauges (the pools are closing). */
  synchronized void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
