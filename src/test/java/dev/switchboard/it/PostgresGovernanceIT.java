package dev.switchboard.it;

import dev.switchboard.store.ScratchPostgres;

/**
 * The governance suite of {@link GovernanceIT} with the gateway's state in a real PostgreSQL
 * (127.0.0.1:5432, user postgres), in a database made for this run and dropped afterwards.
 */
class PostgresGovernanceIT extends GovernanceIT {
  private ScratchPostgres db;
  private String name;

  @Override
  String databaseUrl() {
    db = new ScratchPostgres("sb_gov_");
    name = db.name();
    return db.url();
  }

  @Override
  void dropDatabase() {
    db.drop();
  }

  @org.junit.jupiter.api.Test
  void withTheDatabaseDownCachedKeysKeepWorkingAndNewOnesGetAClear503() throws Exception {
    String cached = newKeyOfSetUpUser("cached");
    String fresh = newKeyOfSetUpUser("fresh");
    org.assertj.core.api.Assertions.assertThat(chatAs(cached).statusCode()).isEqualTo(200);
    ScratchPostgres.admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    ScratchPostgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
        + "'");
    try {
      org.assertj.core.api.Assertions.assertThat(chatAs(cached).statusCode())
          .as("a cached key needs no database").isEqualTo(200);
      var refused = chatAs(fresh);
      org.assertj.core.api.Assertions.assertThat(refused.statusCode()).isEqualTo(503);
      org.assertj.core.api.Assertions.assertThat(refused.body()).contains("auth_unavailable");
    } finally {
      ScratchPostgres.admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }
  }

}
