package dev.switchboard.admin;

import dev.switchboard.store.DatabaseSettings;
import dev.switchboard.store.ScratchPostgres;

/**
 * The governance admin contracts over a real PostgreSQL at 127.0.0.1:5432 (user postgres, trust
 * auth), in a database made for this run and dropped afterwards.
 */
class GovernanceAdminPostgresIT extends GovernanceAdminHarness {
  private ScratchPostgres db;

  @Override
  DatabaseSettings createDatabase() {
    db = new ScratchPostgres("sb_admin_test_");
    return DatabaseSettings.of(db.jdbcUrl(), "unused.db");
  }

  @Override
  void dropDatabase() {
    db.drop();
  }
}
