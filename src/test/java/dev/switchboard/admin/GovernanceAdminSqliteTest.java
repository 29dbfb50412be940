package dev.switchboard.admin;

import dev.switchboard.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The governance admin contracts over a SQLite file in a temporary directory. */
class GovernanceAdminSqliteTest extends GovernanceAdminHarness {
  private Path dir;

  @Override
  DatabaseSettings createDatabase() throws IOException {
    dir = Files.createTempDirectory("sb-admin-");
    return DatabaseSettings.sqlite(dir.resolve("switchboard.db").toString());
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
