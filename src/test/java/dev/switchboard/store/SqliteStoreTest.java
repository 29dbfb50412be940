package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
