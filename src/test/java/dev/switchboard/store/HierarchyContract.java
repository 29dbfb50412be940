package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Create, read, update and delete of tenants, departments, teams and users. */
interface HierarchyContract extends StoreFixture {

  @Test
  default void tenantsCrud() {
    String name = "acme-" + StoreFixture.uid();
    Tenant t = store().tenants().create("  " + name + " ");
    assertThat(t.name()).isEqualTo(name);
    assertThat(t.createdAtMillis()).isEqualTo(clock().millis());
    assertThat(store().tenants().get(TenantScope.ALL, t.id())).contains(t);
    assertThat(store().tenants().list(TenantScope.ALL)).contains(t);
    clock().advanceMillis(1_000);
    Tenant renamed = store().tenants().rename(TenantScope.ALL, t.id(), name + "-x").orElseThrow();
    assertThat(renamed.name()).isEqualTo(name + "-x");
    assertThat(renamed.updatedAtMillis()).isEqualTo(t.createdAtMillis() + 1_000);
    assertThat(store().tenants().delete(TenantScope.ALL, t.id())).isTrue();
    assertThat(store().tenants().get(TenantScope.ALL, t.id())).isEmpty();
    assertThat(store().tenants().delete(TenantScope.ALL, t.id())).isFalse();
    assertThat(store().tenants().rename(TenantScope.ALL, t.id(), "gone")).isEmpty();
  }

  @Test
  default void tenantNamesAreUniqueAndNotEmpty() {
    Tenant t = store().tenants().create("unique-" + StoreFixture.uid());
    assertThatThrownBy(() -> store().tenants().create(t.name()))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    assertThatThrownBy(() -> store().tenants().create(" "))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID));
  }

  @Test
  default void departmentsAndTeamsCrud() {
    Org o = newOrg("dt");
    TenantScope s = o.scope();
    Department d2 = store().departments().create(s, o.tenant().id(), "second");
    assertThat(store().departments().list(s, o.tenant().id()))
        .containsExactlyInAnyOrder(o.department(), d2);
    assertThat(store().departments().rename(s, d2.id(), "renamed").orElseThrow().name())
        .isEqualTo("renamed");
    Team t2 = store().teams().create(s, d2.id(), "t2");
    assertThat(t2.tenantId()).isEqualTo(o.tenant().id());
    assertThat(store().teams().list(s, d2.id())).containsExactly(t2);
    Team moved = store().teams().update(s, t2.id(), "moved", o.department().id()).orElseThrow();
    assertThat(moved.departmentId()).isEqualTo(o.department().id());
    assertThat(moved.name()).isEqualTo("moved");
    assertThat(store().teams().list(s, o.department().id())).contains(moved);
    assertThat(store().teams().delete(s, moved.id())).isTrue();
    assertThat(store().departments().delete(s, d2.id())).isTrue();
    assertThat(store().departments().get(s, d2.id())).isEmpty();
    assertThat(store().teams().get(s, moved.id())).isEmpty();
  }

  @Test
  default void aTeamCannotMoveToAnotherTenantsDepartment() {
    Org a = newOrg("move-a");
    Org b = newOrg("move-b");
    assertThatThrownBy(() -> store().teams().update(TenantScope.ALL, a.team().id(), null,
        b.department().id())).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> store().users().update(TenantScope.ALL, a.user().id(), null, null,
        b.team().id())).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    assertThat(store().teams().get(TenantScope.ALL, a.team().id())).contains(a.team());
  }

  @Test
  default void usersCrudWithEmailsUniquePerTenant() {
    Org o = newOrg("users");
    TenantScope s = o.scope();
    User u = store().users().create(s, o.team().id(), "Ann.Lee@Example.COM", "Ann");
    assertThat(u.email()).isEqualTo("ann.lee@example.com");
    assertThat(store().users().findByEmail(s, o.tenant().id(), "ANN.LEE@example.com")).contains(u);
    assertThatThrownBy(() -> store().users().create(s, o.team().id(), "ann.lee@example.com", "x"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    Org other = newOrg("users-other");
    // The same address is fine in another tenant.
    assertThat(store().users().create(other.scope(), other.team().id(), "ann.lee@example.com",
        "Ann elsewhere").tenantId()).isEqualTo(other.tenant().id());
    User changed = store().users().update(s, u.id(), "ann@example.com", "Ann L", null)
        .orElseThrow();
    assertThat(changed.email()).isEqualTo("ann@example.com");
    assertThat(changed.name()).isEqualTo("Ann L");
    assertThat(changed.teamId()).isEqualTo(o.team().id());
    assertThat(store().users().list(s, o.team().id())).containsExactlyInAnyOrder(o.user(),
        changed);
    assertThat(store().users().delete(s, u.id())).isTrue();
    assertThat(store().users().get(s, u.id())).isEmpty();
  }

  @Test
  default void parentsWithChildrenCannotBeDeleted() {
    Org o = newOrg("children");
    Issued key = newKey(o, "k");
    TenantScope s = o.scope();
    for (Runnable delete : new Runnable[] {
        () -> store().tenants().delete(s, o.tenant().id()),
        () -> store().departments().delete(s, o.department().id()),
        () -> store().teams().delete(s, o.team().id()),
        () -> store().users().delete(s, o.user().id())}) {
      assertThatThrownBy(delete::run).isInstanceOfSatisfying(StoreException.class,
          e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    }
    // Bottom-up works, and takes the limits and credentials along.
    store().limits().put(s, Limits.none(ScopeType.USER, o.user().id(), "").withRpm(5L));
    store().credentials().put(s, o.tenant().id(), "openai", "sk-test-123456789", null);
    assertThat(store().keys().delete(s, key.info().id())).isTrue();
    assertThat(store().users().delete(s, o.user().id())).isTrue();
    assertThat(store().limits().list(TenantScope.ALL, ScopeType.USER, o.user().id())).isEmpty();
    assertThat(store().teams().delete(s, o.team().id())).isTrue();
    assertThat(store().departments().delete(s, o.department().id())).isTrue();
    assertThat(store().tenants().delete(s, o.tenant().id())).isTrue();
    assertThat(store().credentials().list(s)).isEmpty();
  }

  @Test
  default void childrenNeedAnExistingParent() {
    for (Runnable create : new Runnable[] {
        () -> store().departments().create(TenantScope.ALL, "no-such-tenant", "d"),
        () -> store().teams().create(TenantScope.ALL, "no-such-department", "t"),
        () -> store().users().create(TenantScope.ALL, "no-such-team", "a@b.c", "u")}) {
      assertThatThrownBy(create::run).isInstanceOfSatisfying(StoreException.class,
          e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    }
  }
}
