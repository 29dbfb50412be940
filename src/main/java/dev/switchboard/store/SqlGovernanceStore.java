package dev.switchboard.store;

import dev.switchboard.governance.CredentialCipher;
import java.time.Clock;

/**
 * The SQL implementation of every governance role, on a {@link Database} (SQLite or
 * PostgreSQL, same statements). Ids are random UUID strings; times come from the injected clock.
 *
 * <p>Threading: thread-safe (no state beyond the database); every call blocks on JDBC, so run it
 * on a worker thread (Vert.x {@code executeBlocking}), never on an event loop.
 */
public final class SqlGovernanceStore implements GovernanceStore, HierarchyStore {
  private final TenantStore tenants;
  private final DepartmentStore departments;
  private final TeamStore teams;
  private final UserStore users;
  private final KeyStore keys;
  private final LimitStore limits;
  private final CredentialStore credentials;
  private final AuditStore audit;
  private final UsageStore usage;
  private final CreditStore credits;

  /**
   * A store on {@code db}.
   *
   * @param cipher encrypts provider credentials (owner = tenant id); null when no encryption key
   *     is configured — then storing or reading a credential fails with a message saying so
   * @param clock the source of every stored time
   */
  public SqlGovernanceStore(Database db, CredentialCipher cipher, Clock clock) {
    Nodes nodes = new Nodes(db, clock);
    this.tenants = new SqlTenants(nodes);
    this.departments = new SqlDepartments(nodes);
    this.teams = new SqlTeams(nodes);
    this.users = new SqlUsers(nodes);
    this.keys = new SqlKeys(nodes);
    this.limits = new SqlLimits(nodes);
    this.credentials = new SqlCredentials(nodes, cipher);
    this.audit = new SqlAudit(nodes);
    this.usage = new SqlUsage(nodes);
    this.credits = new SqlCredits(nodes);
  }

  @Override
  public HierarchyStore hierarchy() {
    return this;
  }

  @Override
  public TenantStore tenants() {
    return tenants;
  }

  @Override
  public DepartmentStore departments() {
    return departments;
  }

  @Override
  public TeamStore teams() {
    return teams;
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public KeyStore keys() {
    return keys;
  }

  @Override
  public LimitStore limits() {
    return limits;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public AuditStore audit() {
    return audit;
  }

  @Override
  public UsageStore usage() {
    return usage;
  }

  @Override
  public CreditStore credits() {
    return credits;
  }
}
