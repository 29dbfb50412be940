package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The store contracts on a SQLite file in a temporary directory, plus its connection setup. */
class SqliteStoreTest extends StoreHarness {
  private Path dir;

  @Test
  void connectionsUseWalForeignKeysAndABusyTimeout() {
    for (String pragma : List.of("journal_mode", "foreign_keys", "busy_timeout")) {
      String writer = db().write("pragma", c -> Sql.one(c, "PRAGMA " + pragma,
          rs -> rs.getString(1)).orElseThrow());
      String reader = db().read("pragma", c -> Sql.one(c, "PRAGMA " + pragma,
          rs -> rs.getString(1)).orElseThrow());
      assertThat(List.of(writer, reader)).as(pragma)
          .containsOnly(pragma.equals("journal_mode") ? "wal"
              : pragma.equals("foreign_keys") ? "1" : "5000");
    }
    // Reader connections refuse writes: every write goes through the single writer.
    assertThatThrownBy(() -> db().read("tenants", c ->
        Sql.update(c, "DELETE FROM tenants"))).isInstanceOf(StoreException.class);
  }

  @Test
  void metricNamesAsPrometheusShowsThem() {
    PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Database d = Database.open(settings().withPoolCheckInterval(Duration.ZERO), prom)) {
      LedgerWriter w = new LedgerWriter(d, prom);
      w.offer(LedgerEntry.builder("prom-" + StoreFixture.uid(), "m").build());
      String live = prom.scrape();
      assertThat(w.close(Duration.ofSeconds(10))).isTrue();
      String closed = prom.scrape();
      assertThat(live).contains("ledger_pending",
          "connection_pool_utilization{pool=\"sqlite-read\"}", "hikaricp_connections_max");
      assertThat(closed).contains("ledger_written_total 1.0", "ledger_batch_seconds_count 1",
          "ledger_write_errors_total 0.0", "ledger_dropped_total 0.0");
    }
  }

  @Override
  DatabaseSettings createDatabase() throws IOException {
    dir = Files.createTempDirectory("sb-store-");
    // A sub-directory that does not exist yet: opening must create it.
    return DatabaseSettings.sqlite(dir.resolve("data").resolve("switchboard.db").toString());
  }

  @Override
  void dropDatabase() throws IOException {
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
