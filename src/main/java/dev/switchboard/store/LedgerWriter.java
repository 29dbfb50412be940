package dev.switchboard.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger rows in the background, in batches, so the database never sits on the request
 * path. {@link #offer} only puts the row in a bounded queue; one writer thread takes up to
 * {@code batchSize} rows every {@code flushInterval} (sooner when a full batch is waiting) and
 * writes them in one transaction, together with their credit charges. A batch that fails is kept
 * and retried with exponential backoff until it is written; a batch the database rejects for its
 * data (a broken constraint) is retried row by row so only the bad rows are dropped (counted and
 * logged). Rows carry ids, so a retried batch never writes a row twice.
 *
 * <p>Metrics: {@code ledger_pending}, {@code ledger_written}, {@code ledger_batch} (timer),
 * {@code ledger_write_errors}, {@code ledger_dropped} (queue full or closed),
 * {@code ledger_rejected} (rows the database refused).
 *
 * <p>Threading: {@link #offer} is thread-safe, never blocks and does no I/O — safe on an event
 * loop. {@link #close} blocks while it flushes.
 */
public final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final String INSERT = "INSERT INTO ledger (id, request_id, at, day, key_id,"
      + " user_id, team_id, department_id, tenant_id, model, provider, deployment, prompt_tokens,"
      + " completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_micros,"
      + " price_known, latency_ms, status, error_code, cache_hit) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
      + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

  /**
   * How the writer batches and retries.
   *
   * @param capacity rows the queue holds before {@link #offer} drops (sized so that, at
   *     thousands of requests a second, it covers minutes of database outage)
   * @param batchSize rows per transaction
   * @param flushInterval longest a row waits before its batch is written
   * @param minBackoff first wait after a failed batch
   * @param maxBackoff longest wait between retries
   */
  public record Settings(int capacity, int batchSize, Duration flushInterval, Duration minBackoff,
      Duration maxBackoff) {
    /** 100,000 rows, 500 per batch, every 200 ms, retries from 100 ms up to 5 s apart. */
    public static final Settings DEFAULTS = new Settings(100_000, 500, Duration.ofMillis(200),
        Duration.ofMillis(100), Duration.ofSeconds(5));

    public Settings {
      if (capacity < 1 || batchSize < 1) {
        throw new IllegalArgumentException("capacity and batchSize must be positive");
      }
    }
  }

  private final Database db;
  private final Settings settings;
  private final LinkedBlockingQueue<LedgerEntry> queue;
  private final Thread writer;
  private final AtomicInteger offering = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final Meters meters;
  private volatile boolean closing;
  private volatile long giveUpAtNanos = Long.MAX_VALUE;
  private volatile boolean flushedAll;
  private volatile long lastDropLogNanos = System.nanoTime() - LOG_EVERY_NANOS;

  /** A writer with {@link Settings#DEFAULTS}. */
  public LedgerWriter(Database db, MeterRegistry registry) {
    this(db, registry, Settings.DEFAULTS);
  }

  /** Starts the writer thread. */
  public LedgerWriter(Database db, MeterRegistry registry, Settings settings) {
    this.db = db;
    this.settings = settings;
    this.queue = new LinkedBlockingQueue<>(settings.capacity());
    this.meters = new Meters(registry, this);
    this.writer = new Thread(this::run, "switchboard-ledger-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues a row for writing. Never blocks, never does I/O. Returns false — counting
   * {@code ledger_dropped} and logging at most every 30 s — when the queue is full or the
   * writer is closed.
   */
  public boolean offer(LedgerEntry entry) {
    offering.incrementAndGet();
    try {
      if (!closing && queue.offer(entry)) {
        if (queue.size() >= settings.batchSize()) {
          LockSupport.unpark(writer);
        }
        return true;
      }
    } finally {
      offering.decrementAndGet();
    }
    meters.dropped.increment();
    long now = System.nanoTime();
    if (now - lastDropLogNanos >= LOG_EVERY_NANOS) {
      lastDropLogNanos = now;
      LOG.error("ledger row for request {} dropped: {}", entry.requestId(), closing
          ? "the ledger writer is closed" : "the queue is full (" + settings.capacity()
              + " rows waiting; the database is not keeping up)");
    }
    return false;
  }

  /** Rows queued or being written. */
  public int pending() {
    return queue.size() + inFlight.get();
  }

  /** {@link #close(Duration)} with 30 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Stops taking rows and writes everything still queued, waiting at most {@code timeout}.
   * Idempotent. Returns whether every row was written; if the database stays unreachable past
   * the timeout the rest is dropped, counted and logged.
   */
  public boolean close(Duration timeout) {
    if (closeStarted.compareAndSet(false, true)) {
      giveUpAtNanos = System.nanoTime() + timeout.toNanos();
      closing = true;
      LockSupport.unpark(writer);
    }
    try {
      writer.join(Math.max(1, timeout.toMillis()) + 1_000);
      if (writer.isAlive()) {
        // Stuck inside the driver: interrupting is the last resort.
        writer.interrupt();
        writer.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    meters.close();
    return flushedAll && !writer.isAlive();
  }

  private void run() {
    List<LedgerEntry> batch = new ArrayList<>(settings.batchSize());
    while (true) {
      if (!closing && queue.size() < settings.batchSize()) {
        LockSupport.parkNanos(this, settings.flushInterval().toNanos());
      }
      queue.drainTo(batch, settings.batchSize());
      if (batch.isEmpty()) {
        if (closing && offering.get() == 0 && queue.isEmpty()) {
          flushedAll = true;
          return;
        }
        continue;
      }
      inFlight.set(batch.size());
      boolean written = writeWithRetry(batch);
      inFlight.set(0);
      if (!written) {
        giveUp(batch);
        return;
      }
      batch.clear();
    }
  }

  /** Writes {@code batch} (emptying it), retrying; false only when closing timed out. */
  private boolean writeWithRetry(List<LedgerEntry> batch) {
    long backoff = settings.minBackoff().toNanos();
    long failingSince = 0;
    long lastLog = 0;
    boolean oneByOne = false;
    while (true) {
      try {
        if (oneByOne) {
          writeOneByOne(batch);
        } else {
          writeBatch(batch);
          batch.clear();
        }
        if (failingSince != 0) {
          LOG.info("ledger writes recovered after {} ms",
              (System.nanoTime() - failingSince) / 1_000_000);
        }
        return true;
      } catch (RuntimeException e) {
        meters.errors.increment();
        if (isAboutTheData(e)) {
          oneByOne = true;
          continue;
        }
        long now = System.nanoTime();
        if (failingSince == 0 || now - lastLog >= LOG_EVERY_NANOS) {
          LOG.warn("writing {} ledger rows failed; keeping them and retrying: {}", batch.size(),
              e.toString());
          lastLog = now;
          failingSince = failingSince == 0 ? now : failingSince;
        }
        if (closing && now - giveUpAtNanos >= 0) {
          return false;
        }
        LockSupport.parkNanos(this, closing ? Math.min(backoff, giveUpAtNanos - now) : backoff);
        backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
      }
    }
  }

  private static boolean isAboutTheData(RuntimeException e) {
    return e instanceof StoreException s
        && (s.kind() == StoreException.Kind.INVALID || s.kind() == StoreException.Kind.CONFLICT);
  }

  /**
   * Isolates the rows the database refuses: each row alone, dropping those refused for their
   * data. A different failure is rethrown with the unwritten rest still in {@code batch}.
   */
  private void writeOneByOne(List<LedgerEntry> batch) {
    for (Iterator<LedgerEntry> it = batch.iterator(); it.hasNext(); ) {
      LedgerEntry e = it.next();
      try {
        writeBatch(List.of(e));
      } catch (RuntimeException x) {
        if (!isAboutTheData(x)) {
          throw x;
        }
        meters.rejected.increment();
        LOG.error("ledger row {} (request {}) rejected by the database and dropped: {}", e.id(),
            e.requestId(), x.getMessage());
      }
      it.remove();
    }
  }

  private void writeBatch(List<LedgerEntry> batch) {
    long start = System.nanoTime();
    db.write("write ledger rows", c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (LedgerEntry e : batch) {
          bind(ps, e);
          if (db.dialect() == Dialect.SQLITE) {
            // In-process: a JDBC batch saves no round trips, and sqlite-jdbc's batch error
            // loses the result code that tells a bad row from a busy database.
            ps.executeUpdate();
          } else {
            ps.addBatch();
          }
        }
        if (db.dialect() != Dialect.SQLITE) {
          ps.executeBatch();
        }
      }
      for (LedgerEntry e : batch) {
        SqlCredits.charge(c, e);
      }
      return null;
    });
    meters.batch.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    meters.written.increment(batch.size());
  }

  private static void bind(PreparedStatement ps, LedgerEntry e) throws SQLException {
    Sql.bind(ps, java.util.Arrays.asList(e.id(), e.requestId(), e.atMillis(), e.epochDay(),
        e.keyId(), e.userId(), e.teamId(), e.departmentId(), e.tenantId(), e.model(),
        e.provider(), e.deployment(), e.promptTokens(), e.completionTokens(), e.cachedTokens(),
        e.cacheWriteTokens(), e.reasoningTokens(), e.costMicros(), e.priceKnown(), e.latencyMs(),
        e.status(), e.errorCode(), e.cacheHit()));
  }

  private void giveUp(List<LedgerEntry> batch) {
    List<LedgerEntry> rest = new ArrayList<>(batch);
    queue.drainTo(rest);
    meters.dropped.increment(rest.size());
    LOG.error("ledger writer closed before the database came back: {} rows not written",
        rest.size());
  }

  /** The writer's meters. */
  private static final class Meters {
    final MeterRegistry registry;
    final Counter written;
    final Counter errors;
    final Counter dropped;
    final Counter rejected;
    final Timer batch;
    final Gauge pending;

    Meters(MeterRegistry registry, LedgerWriter w) {
      this.registry = registry;
      written = Counter.builder("ledger_written").description("Ledger rows written")
          .register(registry);
      errors = Counter.builder("ledger_write_errors")
          .description("Failed ledger batch writes (each is retried)").register(registry);
      dropped = Counter.builder("ledger_dropped")
          .description("Ledger rows dropped: queue full, or writer closed").register(registry);
      rejected = Counter.builder("ledger_rejected")
          .description("Ledger rows the database refused for their data").register(registry);
      batch = Timer.builder("ledger_batch").description("Time to write one ledger batch")
          .register(registry);
      pending = Gauge.builder("ledger_pending", w, LedgerWriter::pending)
          .description("Ledger rows queued or being written").strongReference(true)
          .register(registry);
    }

    void close() {
      registry.remove(pending);
    }
  }
}
