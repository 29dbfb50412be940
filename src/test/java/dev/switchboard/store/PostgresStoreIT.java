package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The store contracts on a real PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), in a
 * database made for this run and dropped afterwards; plus what only PostgreSQL has: URL forms
 * and the read replica.
 */
class PostgresStoreIT extends StoreHarness {
  static final String HOST = ScratchPostgres.HOST;
  private ScratchPostgres db;
  private String name;

  @Override
  DatabaseSettings createDatabase() {
    db = new ScratchPostgres("sb_test_");
    name = db.name();
    return DatabaseSettings.of(db.jdbcUrl(), "unused.db");
  }

  @Override
  void dropDatabase() {
    db.drop();
  }

  @Test
  void theHostingProviderUrlFormsConnect() {
    Tenant seen = store().tenants().create("url-forms-" + StoreFixture.uid());
    for (String url : new String[] {"postgres://postgres@" + HOST + "/" + name,
        "postgresql://postgres:ignored@" + HOST + "/" + name + "?sslmode=disable"}) {
      try (Database other = Database.open(DatabaseSettings.of(url, "unused.db")
          .withPoolCheckInterval(Duration.ZERO), new SimpleMeterRegistry())) {
        assertThat(other.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(other.describe()).doesNotContain("ignored");
        java.util.List<String> ids = other.read("tenants", c -> Sql.list(c,
            "SELECT id FROM tenants", rs -> rs.getString(1)));
        assertThat(ids).as("the same database, seen through %s", url).contains(seen.id());
      }
    }
  }

  @Test
  void readsFallBackToThePrimaryWhenTheReplicaIsDown() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    DatabaseSettings s = settings().withReplica("postgres://postgres@127.0.0.1:1/" + name)
        .withReplicaTimings(Duration.ofMillis(250), Duration.ofSeconds(30));
    try (Database withReplica = Database.open(s, reg)) {
      SqlGovernanceStore st = new SqlGovernanceStore(withReplica, cipher(), clock());
      Tenant t = st.tenants().create("replica-down-" + StoreFixture.uid());
      for (int i = 0; i < 5; i++) {
        assertThat(st.tenants().get(TenantScope.ALL, t.id())).contains(t);
      }
      assertThat(reg.get("read_replica_queries").tag("status", "fallback").tag("table", "tenants")
          .counter().count()).isEqualTo(5);
      // The cool-down means one connection attempt, not five.
      assertThat(reg.get("read_replica_connection_errors").counter().count()).isEqualTo(1);
      assertThat(reg.find("read_replica_queries").tag("status", "replica").counter()).isNull();
    }
  }

  @Test
  void readsGoToAWorkingReplica() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    // The same database stands in for a replica: what matters is which pool answers.
    DatabaseSettings s = settings().withReplica("postgresql://postgres@" + HOST + "/" + name);
    try (Database withReplica = Database.open(s, reg)) {
      SqlGovernanceStore st = new SqlGovernanceStore(withReplica, cipher(), clock());
      Org org = newOrg("replica-up");
      Issued key = newKey(org, "k");
      assertThat(st.keys().findByHash(dev.switchboard.governance.ApiKeys.hash(key.plaintext())))
          .isPresent();
      assertThat(reg.get("read_replica_queries").tag("status", "replica").tag("table", "api_keys")
          .counter().count()).isEqualTo(1);
      assertThat(reg.find("read_replica_queries").tag("status", "fallback").counter()).isNull();
      assertThat(withReplica.checkPools()).extracting(PoolMonitor.PoolStatus::pool)
          .contains("primary", "replica");
    }
  }
}
