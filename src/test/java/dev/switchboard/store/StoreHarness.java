package dev.switchboard.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Opens one database per test class and runs every store contract against it. Subclasses say
 * which engine: {@link SqliteStoreTest}, {@link PostgresStoreIT}. Tests share the database, so
 * each one works in its own tenants and time windows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreHarness implements StoreFixture, DatabaseContract, HierarchyContract,
    KeyContract, LimitCredentialContract, IsolationContract, AuditUsageContract,
    LedgerWriterContract {
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DatabaseSettings settings;
  private Database db;
  private SqlGovernanceStore store;

  /** Creates the empty database and says how to open it. */
  abstract DatabaseSettings createDatabase() throws Exception;

  /** Removes the database. */
  abstract void dropDatabase() throws Exception;

  @BeforeAll
  void openStore() throws Exception {
    settings = createDatabase();
    db = Database.open(settings, registry);
    store = new SqlGovernanceStore(db, cipher(), clock);
  }

  @AfterAll
  void closeStore() throws Exception {
    if (db != null) {
      db.close();
    }
    dropDatabase();
  }

  @Override
  public Database db() {
    return db;
  }

  @Override
  public SqlGovernanceStore store() {
    return store;
  }

  @Override
  public TestClock clock() {
    return clock;
  }

  @Override
  public SimpleMeterRegistry registry() {
    return registry;
  }

  @Override
  public DatabaseSettings settings() {
    return settings;
  }
}
