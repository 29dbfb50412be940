package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation: with tenant A's scope, every read shows none of tenant B's rows and every
 * change to B's rows behaves as if they did not exist.
 */
interface IsolationContract extends StoreFixture {

  /** Two tenants with one of everything each. */
  record Two(Org a, Org b, Issued keyA, Issued keyB, String requestA, String requestB) {}

  private Two twoTenants() {
    Org a = newOrg("iso-a");
    Org b = newOrg("iso-b");
    Issued keyA = newKey(a, "ka");
    Issued keyB = newKey(b, "kb");
    for (Org o : List.of(a, b)) {
      store().limits().put(o.scope(), Limits.none(ScopeType.TEAM, o.team().id(), "").withRpm(9L));
      store().credentials().put(o.scope(), o.tenant().id(), "openai",
          "sk-" + StoreFixture.uid() + "-secret", null);
      store().audit().append(new AuditEvent("admin", "team.create", "team", o.team().id(),
          o.tenant().id(), null, "{}"));
      store().credits().adjust(o.scope(), o.user().id(), 1_000_000, "grant");
    }
    String reqA = "iso-req-" + StoreFixture.uid();
    String reqB = "iso-req-" + StoreFixture.uid();
    try (LedgerWriter w = new LedgerWriter(db(), new io.micrometer.core.instrument.simple
        .SimpleMeterRegistry())) {
      w.offer(LedgerEntry.builder(reqA, "m").at(clock().millis()).owner(keyA.info().id(),
          a.user().id(), a.team().id(), a.department().id(), a.tenant().id()).cost(1L).build());
      w.offer(LedgerEntry.builder(reqB, "m").at(clock().millis()).owner(keyB.info().id(),
          b.user().id(), b.team().id(), b.department().id(), b.tenant().id()).cost(1L).build());
      assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    }
    return new Two(a, b, keyA, keyB, reqA, reqB);
  }

  @Test
  default void everyScopedHierarchyReadHidesTheOtherTenant() {
    Two t = twoTenants();
    TenantScope a = t.a().scope();
    Org b = t.b();
    SqlGovernanceStore st = store();
    assertThat(st.tenants().get(a, b.tenant().id())).isEmpty();
    assertThat(st.tenants().list(a)).containsExactly(t.a().tenant());
    assertThat(st.departments().get(a, b.department().id())).isEmpty();
    assertThat(st.departments().list(a, null)).containsExactly(t.a().department());
    assertThat(st.departments().list(a, b.tenant().id())).isEmpty();
    assertThat(st.teams().get(a, b.team().id())).isEmpty();
    assertThat(st.teams().list(a, null)).containsExactly(t.a().team());
    assertThat(st.teams().list(a, b.department().id())).isEmpty();
    assertThat(st.users().get(a, b.user().id())).isEmpty();
    assertThat(st.users().list(a, null)).containsExactly(t.a().user());
    assertThat(st.users().list(a, b.team().id())).isEmpty();
    assertThat(st.users().findByEmail(a, b.tenant().id(), b.user().email())).isEmpty();
  }

  @Test
  default void everyScopedGovernanceReadHidesTheOtherTenant() {
    Two t = twoTenants();
    TenantScope a = t.a().scope();
    Org b = t.b();
    SqlGovernanceStore st = store();
    assertThat(st.keys().get(a, t.keyB().info().id())).isEmpty();
    assertThat(st.keys().list(a, null)).extracting(KeyInfo::id)
        .containsExactly(t.keyA().info().id());
    assertThat(st.keys().list(a, b.user().id())).isEmpty();
    assertThat(st.limits().get(a, ScopeType.TEAM, b.team().id(), "")).isEmpty();
    assertThat(st.limits().list(a, null, null)).extracting(Limits::scopeId)
        .containsExactly(t.a().team().id());
    assertThat(st.limits().list(a, ScopeType.TEAM, b.team().id())).isEmpty();
    assertThat(st.credentials().get(a, b.tenant().id(), "openai")).isEmpty();
    assertThat(st.credentials().list(a)).extracting(CredentialView::tenantId)
        .containsExactly(t.a().tenant().id());
    assertThat(st.audit().list(a, null, 100).items()).extracting(AuditEntry::tenantId)
        .containsOnly(t.a().tenant().id());
    assertThat(st.usage().usage(UsageQuery.of(a, UsageDimension.TENANT, 0, Long.MAX_VALUE)))
        .extracting(UsageRow::group).containsExactly(t.a().tenant().id());
    assertThat(st.usage().usage(UsageQuery.of(a, UsageDimension.KEY, 0, Long.MAX_VALUE)
        .only(ScopeType.USER, b.user().id()))).isEmpty();
    assertThat(st.usage().byRequest(a, t.requestB())).isEmpty();
    assertThat(st.usage().spendMicros(a, ScopeType.USER, b.user().id(), 0, Long.MAX_VALUE))
        .isZero();
    assertThat(st.usage().spendMicros(TenantScope.ALL, ScopeType.USER, b.user().id(), 0,
        Long.MAX_VALUE)).isEqualTo(1);
    assertThat(st.usage().byRequest(a, t.requestA())).hasSize(1);
    assertThatThrownBy(() -> st.credits().balance(a, b.user().id()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    assertThat(st.credits().transactions(a, b.user().id(), 10)).isEmpty();
    // The operator sees both.
    assertThat(st.credits().balance(TenantScope.ALL, b.user().id())).isEqualTo(1_000_000);
    assertThat(st.usage().byRequest(TenantScope.ALL, t.requestB())).hasSize(1);
  }

  @Test
  default void noChangeReachesTheOtherTenant() {
    Two t = twoTenants();
    TenantScope a = t.a().scope();
    Org b = t.b();
    SqlGovernanceStore st = store();
    assertThat(st.tenants().rename(a, b.tenant().id(), "x")).isEmpty();
    assertThat(st.tenants().delete(a, b.tenant().id())).isFalse();
    assertThat(st.departments().rename(a, b.department().id(), "x")).isEmpty();
    assertThat(st.departments().delete(a, b.department().id())).isFalse();
    assertThat(st.teams().update(a, b.team().id(), "x", null)).isEmpty();
    assertThat(st.teams().delete(a, b.team().id())).isFalse();
    assertThat(st.users().update(a, b.user().id(), null, "x", null)).isEmpty();
    assertThat(st.users().delete(a, b.user().id())).isFalse();
    assertThat(st.keys().revoke(a, t.keyB().info().id())).isFalse();
    assertThat(st.keys().update(a, t.keyB().info().id(), new KeyUpdate("x", null, null, null)))
        .isEmpty();
    assertThat(st.keys().delete(a, t.keyB().info().id())).isFalse();
    assertThat(st.limits().delete(a, ScopeType.TEAM, b.team().id(), "")).isFalse();
    assertThat(st.credentials().delete(a, b.tenant().id(), "openai")).isFalse();
    assertUntouched(t);
  }

  @Test
  default void nothingCanBeCreatedUnderTheOtherTenant() {
    Two t = twoTenants();
    TenantScope a = t.a().scope();
    Org b = t.b();
    SqlGovernanceStore st = store();
    for (Runnable r : new Runnable[] {
        () -> st.departments().create(a, b.tenant().id(), "x"),
        () -> st.teams().create(a, b.department().id(), "x"),
        () -> st.users().create(a, b.team().id(), "x@x.io", "x"),
        () -> st.keys().insert(a, new NewKey(b.user().id(), "0".repeat(64), "x", "h", null, 0,
            Map.of())),
        () -> st.limits().put(a, Limits.none(ScopeType.USER, b.user().id(), "").withRpm(1L)),
        () -> st.credentials().put(a, b.tenant().id(), "openai", "sk-evil-1234", null),
        () -> st.credits().adjust(a, b.user().id(), 5, "steal")}) {
      assertThatThrownBy(r::run).isInstanceOfSatisfying(StoreException.class,
          e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    }
    assertUntouched(t);
  }

  private void assertUntouched(Two t) {
    Org b = t.b();
    SqlGovernanceStore st = store();
    TenantScope sb = b.scope();
    assertThat(st.tenants().get(sb, b.tenant().id())).contains(b.tenant());
    assertThat(st.teams().get(sb, b.team().id())).contains(b.team());
    assertThat(st.users().get(sb, b.user().id())).contains(b.user());
    assertThat(st.keys().get(sb, t.keyB().info().id()).orElseThrow().revoked()).isFalse();
    assertThat(st.limits().list(sb, null, null)).hasSize(1);
    assertThat(st.credentials().get(sb, b.tenant().id(), "openai").orElseThrow().apiKey())
        .endsWith("-secret");
    assertThat(st.credits().balance(sb, b.user().id())).isEqualTo(1_000_000);
  }
}
