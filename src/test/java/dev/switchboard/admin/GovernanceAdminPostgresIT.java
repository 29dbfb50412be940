package dev.switchboard.admin;

import dev.switchboard.store.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The governance admin contracts over a real PostgreSQL at 127.0.0.1:5432 (user postgres, trust
 * auth), in a database made for this run and dropped afterwards.
 */
class GovernanceAdminPostgresIT extends GovernanceAdminHarness {
  private static final String HOST = "127.0.0.1:5432";
  private final String name = "sb_admin_test_" + UUID.randomUUID().toString().replace("-", "")
      .substring(0, 12).toLowerCase(Locale.ROOT);

  @Override
  DatabaseSettings createDatabase() throws SQLException {
    admin("CREATE DATABASE " + name);
    return DatabaseSettings.of("jdbc:postgresql://" + HOST + "/" + name + "?user=postgres",
        "unused.db");
  }

  @Override
  void dropDatabase() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres",
        "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
