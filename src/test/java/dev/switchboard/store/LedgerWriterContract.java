package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batched background ledger writer: no row lost, failures retried, bad rows isolated. */
interface LedgerWriterContract extends StoreFixture {

  private long count(String requestPrefix) {
    return db().readPrimary("ledger", c -> Sql.one(c, "SELECT COUNT(*) FROM ledger"
        + " WHERE request_id LIKE ?", rs -> rs.getLong(1), requestPrefix + "%")).orElseThrow();
  }

  private static LedgerEntry row(String requestId) {
    return LedgerEntry.builder(requestId, "gpt-4o").at(1_700_000_000_000L)
        .owner("k", "u", "t", "d", "tenant-ledger-tests").tokens(10, 5, 0, 0).cost(7L).build();
  }

  @Test
  default void tenThousandOffersFromSeveralThreadsAreAllWritten() throws Exception {
    String prefix = "many-" + StoreFixture.uid() + "-";
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    LedgerWriter w = new LedgerWriter(db(), reg);
    int threads = 4;
    int each = 2_500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    AtomicInteger accepted = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread p = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          if (w.offer(row(prefix + n + "-" + i))) {
            accepted.incrementAndGet();
          }
        }
      });
      p.start();
      producers.add(p);
    }
    start.countDown();
    for (Thread p : producers) {
      p.join();
    }
    // Most rows are written while the writer runs, not at close.
    await().atMost(Duration.ofSeconds(60)).until(() -> count(prefix) >= 5_000);
    assertThat(w.close(Duration.ofSeconds(60))).isTrue();
    assertThat(accepted.get()).isEqualTo(threads * each);
    assertThat(count(prefix)).isEqualTo(threads * each);
    assertThat(reg.get("ledger_written").counter().count()).isEqualTo(threads * each);
    assertThat(reg.get("ledger_dropped").counter().count()).isZero();
    assertThat(reg.get("ledger_batch").timer().count()).isGreaterThanOrEqualTo(20);
    assertThat(w.pending()).isZero();
  }

  @Test
  default void closeFlushesEverythingStillQueuedAndIsIdempotent() {
    String prefix = "flush-" + StoreFixture.uid() + "-";
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    // A long interval and a big batch: nothing would be written before close.
    LedgerWriter w = new LedgerWriter(db(), reg, new LedgerWriter.Settings(10_000, 5_000,
        Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofMillis(100)));
    for (int i = 0; i < 1_234; i++) {
      assertThat(w.offer(row(prefix + i))).isTrue();
    }
    assertThat(count(prefix)).isZero();
    assertThat(w.pending()).isEqualTo(1_234);
    assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    assertThat(count(prefix)).isEqualTo(1_234);
    assertThat(w.close(Duration.ofSeconds(1))).isTrue();
    assertThat(w.offer(row(prefix + "late"))).isFalse();
    assertThat(reg.get("ledger_dropped").counter().count()).isEqualTo(1);
  }

  @Test
  default void aFailingBatchIsRetriedWithoutLoss() {
    String prefix = "retry-" + StoreFixture.uid() + "-";
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    LedgerWriter w = new LedgerWriter(db(), reg, new LedgerWriter.Settings(10_000, 100,
        Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(100)));
    // The table disappears under the writer, as in a failed-over or locked database.
    db().write("hide ledger", c -> Sql.update(c, "ALTER TABLE ledger RENAME TO ledger_away"));
    try {
      for (int i = 0; i < 300; i++) {
        assertThat(w.offer(row(prefix + i))).isTrue();
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> reg.get("ledger_write_errors").counter().count() >= 3);
      assertThat(w.pending()).isEqualTo(300);
    } finally {
      db().write("restore ledger", c -> Sql.update(c, "ALTER TABLE ledger_away RENAME TO ledger"));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> count(prefix) == 300);
    assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    assertThat(count(prefix)).isEqualTo(300);
    assertThat(reg.get("ledger_written").counter().count()).isEqualTo(300);
    assertThat(reg.get("ledger_dropped").counter().count()).isZero();
  }

  @Test
  default void aRowTheDatabaseRefusesIsDroppedAloneAndCounted() {
    String prefix = "poison-" + StoreFixture.uid() + "-";
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    LedgerWriter w = new LedgerWriter(db(), reg, new LedgerWriter.Settings(1_000, 100,
        Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(100)));
    for (int i = 0; i < 50; i++) {
      LedgerEntry.Builder b = LedgerEntry.builder(prefix + i, "m").at(1_700_000_000_000L);
      // Negative token counts break a CHECK constraint of the schema.
      w.offer((i == 17 ? b.tokens(-1, 0, 0, 0) : b.tokens(1, 1, 0, 0)).build());
    }
    assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    assertThat(count(prefix)).isEqualTo(49);
    assertThat(reg.get("ledger_rejected").counter().count()).isEqualTo(1);
    assertThat(reg.get("ledger_written").counter().count()).isEqualTo(49);
  }

  @Test
  default void aFullQueueDropsAndCountsInsteadOfBlocking() {
    String prefix = "full-" + StoreFixture.uid() + "-";
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    LedgerWriter w = new LedgerWriter(db(), reg, new LedgerWriter.Settings(10, 5,
        Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(50)));
    db().write("hide ledger", c -> Sql.update(c, "ALTER TABLE ledger RENAME TO ledger_away"));
    int accepted = 0;
    try {
      for (int i = 0; i < 40; i++) {
        accepted += w.offer(row(prefix + i)) ? 1 : 0;
      }
    } finally {
      db().write("restore ledger", c -> Sql.update(c, "ALTER TABLE ledger_away RENAME TO ledger"));
    }
    assertThat(accepted).isLessThan(40);
    assertThat(reg.get("ledger_dropped").counter().count()).isEqualTo(40 - accepted);
    assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    assertThat(count(prefix)).isEqualTo(accepted);
  }

  @Test
  default void closeGivesUpAfterItsTimeoutWhenTheDatabaseIsGone() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    Database gone = Database.open(settings().withPoolCheckInterval(Duration.ZERO),
        new SimpleMeterRegistry());
    gone.close();
    LedgerWriter w = new LedgerWriter(gone, reg, new LedgerWriter.Settings(100, 5,
        Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(50)));
    for (int i = 0; i < 12; i++) {
      assertThat(w.offer(row("gone-" + i))).isTrue();
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> reg.get("ledger_write_errors").counter().count() >= 1);
    assertThat(w.close(Duration.ofMillis(300))).isFalse();
    assertThat(reg.get("ledger_dropped").counter().count()).isEqualTo(12);
    assertThat(reg.get("ledger_written").counter().count()).isZero();
  }
}
