package dev.switchboard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The store contracts on a SQLite file in a temporary directory. */
class SqliteStoreTest extends StoreHarness {
  private Path dir;

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
