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

  @org.junit.jupiter.api.Test
  void withTheDatabaseDownCachedKeysKeepWorkingAndNewOnesGetAClear503() throws Exception {
    String cached = newKeyOfSetUpUser("cached");
    String fresh = newKeyOfSetUpUser("fresh");
    org.assertj.core.api.Assertions.assertThat(chatAs(cached).statusCode()).isEqualTo(200);
    admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
        + "'");
    try {
      org.assertj.core.api.Assertions.assertThat(chatAs(cached).statusCode())
          .as("a cached key needs no database").isEqualTo(200);
      var refused = chatAs(fresh);
      org.assertj.core.api.Assertions.assertThat(refused.statusCode()).isEqualTo(503);
      org.assertj.core.api.Assertions.assertThat(refused.body()).contains("auth_unavailable");
    } finally {
      admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }
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
