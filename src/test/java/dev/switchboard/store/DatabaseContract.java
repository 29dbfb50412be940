package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening, migrating and watching the database. */
interface DatabaseContract extends StoreFixture {

  @Test
  default void migrationsApplyEveryVersion() {
    List<String> versions = db().read("flyway_schema_history", c -> Sql.list(c,
        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
        rs -> rs.getString(1)));
    assertThat(versions).containsExactly("1", "2", "3");
    for (String table : List.of("tenants", "departments", "teams", "users", "api_keys", "limits",
        "provider_credentials", "audit_log", "ledger", "credits", "credit_transactions")) {
      List<Long> count = db().read(table, c -> Sql.list(c, "SELECT COUNT(*) FROM " + table,
          rs -> rs.getLong(1)));
      assertThat(count).hasSize(1);
    }
  }

  @Test
  default void reopeningAMigratedDatabaseKeepsItsRows() {
    Tenant t = store().tenants().create("reopen-" + StoreFixture.uid());
    try (Database again = Database.open(settings().withPoolCheckInterval(Duration.ZERO),
        new SimpleMeterRegistry())) {
      SqlGovernanceStore other = new SqlGovernanceStore(again, cipher(), clock());
      assertThat(other.tenants().get(TenantScope.ALL, t.id())).contains(t);
    }
  }

  @Test
  default void poolsReportUtilisationAndAlertWhenFull() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    DatabaseSettings small = settings().withMaxPoolSize(2).withPoolCheckInterval(Duration.ZERO);
    try (Database d = Database.open(small, reg)) {
      // Two nested reads hold both connections of the read pool (SQLite readers, or the
      // PostgreSQL primary that answers reads when there is no replica).
      List<PoolMonitor.PoolStatus> full = d.read("t", a -> d.read("t", b -> d.checkPools()));
      String readPool = d.dialect() == Dialect.SQLITE ? "sqlite-read" : "primary";
      PoolMonitor.PoolStatus read = full.stream().filter(s -> s.pool().equals(readPool))
          .findFirst().orElseThrow();
      assertThat(read.active()).isEqualTo(2);
      assertThat(read.level()).isEqualTo(PoolMonitor.Level.ERROR);
      assertThat(reg.get("connection_pool_utilization").tag("pool", readPool).gauge().value())
          .isEqualTo(0.0);
      assertThat(d.checkPools()).allMatch(s -> s.level() == PoolMonitor.Level.OK);
      // HikariCP's own meters are there too.
      assertThat(reg.find("hikaricp.connections.max").gauges()).isNotEmpty();
    }
  }

  @Test
  default void writesRollBackWhenTheWorkFails() {
    String name = "rollback-" + StoreFixture.uid();
    try {
      db().write("test", c -> {
        Sql.update(c, "INSERT INTO tenants (id, name, created_at, updated_at) VALUES (?, ?, 1, 1)",
            StoreFixture.uid(), name);
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // the point of the test
    }
    assertThat(store().tenants().list(TenantScope.ALL)).noneMatch(t -> t.name().equals(name));
  }
}
