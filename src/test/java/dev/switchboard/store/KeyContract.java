package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.KeyRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Virtual keys: hashes only, the auth lookup, revocation, expiry and updates. */
interface KeyContract extends StoreFixture {

  @Test
  default void findByHashJoinsTheWholeHierarchy() {
    Org o = newOrg("lookup");
    String key = ApiKeys.generate();
    KeyInfo info = store().keys().insert(o.scope(), new NewKey(o.user().id(), ApiKeys.hash(key),
        "ci", ApiKeys.hint(key), List.of("gpt-4o", "claude"), 0, Map.of("env", "prod")));
    assertThat(info.hint()).isEqualTo(ApiKeys.hint(key));
    KeyRecord r = store().keys().findByHash(ApiKeys.hash(key)).orElseThrow();
    assertThat(r).isEqualTo(new KeyRecord(info.id(), ApiKeys.hash(key), "ci", o.user().id(),
        o.team().id(), o.department().id(), o.tenant().id(), List.of("gpt-4o", "claude"), 0,
        false, Map.of("env", "prod")));
    assertThat(r.usableAt(clock().millis())).isTrue();
    assertThat(r.allows("gpt-4o")).isTrue();
    assertThat(r.allows("other")).isFalse();
    assertThat(store().keys().findByHash(ApiKeys.hash(ApiKeys.generate()))).isEmpty();
  }

  @Test
  default void thePlaintextKeyIsNeverStored() {
    Org o = newOrg("plain");
    Issued k = newKey(o, "k");
    List<String> row = db().read("api_keys", c -> Sql.one(c, "SELECT key_hash, hint, name,"
        + " models, metadata FROM api_keys WHERE id = ?", rs -> List.of(rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), k.info().id()))
        .orElseThrow();
    assertThat(row.get(0)).isEqualTo(ApiKeys.hash(k.plaintext()));
    assertThat(String.join("|", row)).doesNotContain(k.plaintext().substring(6));
    assertThatThrownBy(() -> new NewKey(o.user().id(), k.plaintext(), "x", "h", null, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void revokedAndExpiredKeysAreFoundButNotUsable() {
    Org o = newOrg("revoke");
    Issued live = newKey(o, "live");
    String expiring = ApiKeys.generate();
    long now = clock().millis();
    store().keys().insert(o.scope(), new NewKey(o.user().id(), ApiKeys.hash(expiring), "exp",
        ApiKeys.hint(expiring), null, now + 60_000, null));
    KeyRecord e = store().keys().findByHash(ApiKeys.hash(expiring)).orElseThrow();
    assertThat(e.expiresAtMillis()).isEqualTo(now + 60_000);
    assertThat(e.usableAt(now)).isTrue();
    assertThat(e.usableAt(now + 60_000)).isFalse();

    assertThat(store().keys().revoke(o.scope(), live.info().id())).isTrue();
    KeyRecord r = store().keys().findByHash(ApiKeys.hash(live.plaintext())).orElseThrow();
    assertThat(r.revoked()).isTrue();
    assertThat(r.usableAt(now)).isFalse();
    KeyInfo first = store().keys().get(o.scope(), live.info().id()).orElseThrow();
    assertThat(first.revokedAtMillis()).isEqualTo(now);
    clock().advanceMillis(5_000);
    assertThat(store().keys().revoke(o.scope(), live.info().id())).isTrue();
    assertThat(store().keys().get(o.scope(), live.info().id()).orElseThrow().revokedAtMillis())
        .as("revoking twice keeps the first time").isEqualTo(now);
    assertThat(store().keys().revoke(o.scope(), "no-such-key")).isFalse();
  }

  @Test
  default void keysAreListedByUserAndTenant() {
    Org o = newOrg("list");
    User second = store().users().create(o.scope(), o.team().id(),
        "second-" + StoreFixture.uid() + "@x.io", "Second");
    Issued a = newKey(o, "a");
    clock().advanceMillis(1);
    Issued b = newKey(o, "b");
    String k = ApiKeys.generate();
    KeyInfo c = store().keys().insert(o.scope(), new NewKey(second.id(), ApiKeys.hash(k), "c",
        ApiKeys.hint(k), null, 0, null));
    assertThat(store().keys().list(o.scope(), o.user().id())).extracting(KeyInfo::id)
        .containsExactly(b.info().id(), a.info().id());
    assertThat(store().keys().list(o.scope(), null)).extracting(KeyInfo::id)
        .containsExactlyInAnyOrder(a.info().id(), b.info().id(), c.id());
  }

  @Test
  default void keysCanBeUpdatedAndDeleted() {
    Org o = newOrg("update");
    Issued k = newKey(o, "before");
    KeyInfo u = store().keys().update(o.scope(), k.info().id(), new KeyUpdate("after",
        List.of("gpt-4o-mini"), 123_456_789L, Map.of("team", "ml"))).orElseThrow();
    assertThat(u.name()).isEqualTo("after");
    assertThat(u.models()).containsExactly("gpt-4o-mini");
    assertThat(u.expiresAtMillis()).isEqualTo(123_456_789L);
    assertThat(u.metadata()).containsExactlyEntriesOf(Map.of("team", "ml"));
    KeyInfo partial = store().keys().update(o.scope(), k.info().id(),
        new KeyUpdate(null, null, 0L, null)).orElseThrow();
    assertThat(partial.name()).isEqualTo("after");
    assertThat(partial.models()).containsExactly("gpt-4o-mini");
    assertThat(partial.expiresAtMillis()).isZero();
    KeyRecord r = store().keys().findByHash(ApiKeys.hash(k.plaintext())).orElseThrow();
    assertThat(r.models()).containsExactly("gpt-4o-mini");
    assertThat(r.metadata()).containsEntry("team", "ml");

    store().limits().put(o.scope(), Limits.none(ScopeType.KEY, k.info().id(), "").withRpm(1L));
    assertThat(store().keys().delete(o.scope(), k.info().id())).isTrue();
    assertThat(store().keys().findByHash(ApiKeys.hash(k.plaintext()))).isEmpty();
    assertThat(store().limits().list(TenantScope.ALL, ScopeType.KEY, k.info().id())).isEmpty();
    assertThat(store().keys().update(o.scope(), k.info().id(), new KeyUpdate("x", null, null,
        null))).isEmpty();
  }

  @Test
  default void keyHashesAreUnique() {
    Org o = newOrg("dup");
    Issued k = newKey(o, "k");
    assertThatThrownBy(() -> store().keys().insert(o.scope(), new NewKey(o.user().id(),
        ApiKeys.hash(k.plaintext()), "again", "h", null, 0, null)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
  }
}
