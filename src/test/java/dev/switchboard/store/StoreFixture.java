package dev.switchboard.store;

import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.CredentialCipher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every store contract needs: an open database and store, plus helpers that build a small
 * organisation. Implemented by {@link StoreHarness} once per database engine.
 */
interface StoreFixture {
  /** 32 zero bytes as hex: a fixed test encryption key. */
  String TEST_KEY = "00".repeat(32);

  Database db();

  SqlGovernanceStore store();

  TestClock clock();

  SimpleMeterRegistry registry();

  /** Settings that open another {@link Database} on the same database. */
  DatabaseSettings settings();

  /** A tenant with one department, team and user. */
  record Org(Tenant tenant, Department department, Team team, User user) {
    TenantScope scope() {
      return TenantScope.of(tenant.id());
    }
  }

  /** A key as its owner received it, and as the store keeps it. */
  record Issued(String plaintext, KeyInfo info) {}

  static String uid() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  default Org newOrg(String label) {
    String n = label + "-" + uid();
    Tenant t = store().tenants().create(n);
    TenantScope s = TenantScope.of(t.id());
    Department d = store().departments().create(s, t.id(), "dept " + n);
    Team team = store().teams().create(s, d.id(), "team " + n);
    User u = store().users().create(s, team.id(), n + "@example.com", "User " + n);
    return new Org(t, d, team, u);
  }

  default Issued newKey(Org org, String name) {
    String key = ApiKeys.generate();
    KeyInfo info = store().keys().insert(org.scope(), new NewKey(org.user().id(),
        ApiKeys.hash(key), name, ApiKeys.hint(key), List.of(), 0, Map.of()));
    return new Issued(key, info);
  }

  default CredentialCipher cipher() {
    return CredentialCipher.fromKeyText(TEST_KEY);
  }
}
