package dev.switchboard.it;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The governance suite of {@link GovernanceIT} with the gateway's state in a real PostgreSQL
 * (127.0.0.1:5432, user postgres), in a database made for this run and dropped afterwards.
 */
class PostgresGovernanceIT extends GovernanceIT {
  private final String name = "sb_gov_" + UUID.randomUUID().toString().replace("-", "")
      .substring(0, 12);

  @Override
  String databaseUrl() {
    admin("CREATE DATABASE " + name);
    return "postgres://postgres@127.0.0.1:5432/" + name;
  }

  @Override
  void dropDatabase() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
        "postgres", ""); var st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
