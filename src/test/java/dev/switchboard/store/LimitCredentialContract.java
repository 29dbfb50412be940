package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.KeyRecord;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Limits per scope and model; provider credentials encrypted at rest. */
interface LimitCredentialContract extends StoreFixture {

  @Test
  default void limitsPerScopeAndModel() {
    Org o = newOrg("limits");
    TenantScope s = o.scope();
    Limits all = Limits.none(ScopeType.TEAM, o.team().id(), "").withRpm(100L).withTpm(50_000L)
        .withMaxConcurrent(4).withDailyUsdMicros(5_000_000L).withMonthlyUsdMicros(90_000_000L);
    Limits gpt = Limits.none(ScopeType.TEAM, o.team().id(), "gpt-4o").withRpm(10L);
    store().limits().put(s, all);
    store().limits().put(s, gpt);
    assertThat(store().limits().get(s, ScopeType.TEAM, o.team().id(), "")).contains(all);
    assertThat(store().limits().get(s, ScopeType.TEAM, o.team().id(), "gpt-4o")).contains(gpt);
    assertThat(store().limits().get(s, ScopeType.TEAM, o.team().id(), "claude")).isEmpty();
    assertThat(store().limits().list(s, ScopeType.TEAM, o.team().id()))
        .containsExactly(all, gpt);
    // Putting again replaces every value, including back to "no limit".
    Limits replaced = gpt.withRpm(null).withTpm(7L);
    store().limits().put(s, replaced);
    assertThat(store().limits().get(s, ScopeType.TEAM, o.team().id(), "gpt-4o"))
        .contains(replaced);
    assertThat(store().limits().delete(s, ScopeType.TEAM, o.team().id(), "gpt-4o")).isTrue();
    assertThat(store().limits().delete(s, ScopeType.TEAM, o.team().id(), "gpt-4o")).isFalse();
    assertThat(store().limits().list(s, null, null)).containsExactly(all);
  }

  @Test
  default void limitsNeedAnExistingNode() {
    assertThatThrownBy(() -> store().limits().put(TenantScope.ALL,
        Limits.none(ScopeType.USER, "nobody", "").withRpm(1L)))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> Limits.none(ScopeType.USER, "u", "").withRpm(-1L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void everyLimitThatAppliesToAKey() {
    Org o = newOrg("applicable");
    Org other = newOrg("applicable-other");
    Issued k = newKey(o, "k");
    Issued otherKey = newKey(o, "other-key");
    TenantScope s = o.scope();
    store().limits().put(s, Limits.none(ScopeType.KEY, k.info().id(), "").withRpm(1L));
    store().limits().put(s, Limits.none(ScopeType.USER, o.user().id(), "m").withRpm(2L));
    store().limits().put(s, Limits.none(ScopeType.TEAM, o.team().id(), "").withRpm(3L));
    store().limits().put(s, Limits.none(ScopeType.DEPARTMENT, o.department().id(), "")
        .withRpm(4L));
    store().limits().put(s, Limits.none(ScopeType.TENANT, o.tenant().id(), "").withRpm(5L));
    store().limits().put(s, Limits.none(ScopeType.KEY, otherKey.info().id(), "").withRpm(6L));
    store().limits().put(other.scope(), Limits.none(ScopeType.TENANT, other.tenant().id(), "")
        .withRpm(7L));
    KeyRecord r = store().keys().findByHash(ApiKeys.hash(k.plaintext())).orElseThrow();
    assertThat(store().limits().applicableTo(r)).extracting(Limits::rpm)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  default void credentialsAreEncryptedAtRestAndDecryptable() {
    Org o = newOrg("cred");
    String secret = "sk-proj-" + StoreFixture.uid() + "abcdefghijklmnop";
    CredentialView v = store().credentials().put(o.scope(), o.tenant().id(), "openai", secret,
        "https://api.openai.com/v1");
    assertThat(v.maskedKey()).isEqualTo("••••" + secret.substring(secret.length() - 4));
    String raw = rawCredential(o.tenant().id(), "openai");
    assertThat(raw).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(8));
    ProviderCredential got = store().credentials().get(o.scope(), o.tenant().id(), "openai")
        .orElseThrow();
    assertThat(got.apiKey()).isEqualTo(secret);
    assertThat(got.baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(got.toString()).doesNotContain(secret);
    assertThat(store().credentials().list(o.scope())).containsExactly(v);

    store().credentials().put(o.scope(), o.tenant().id(), "openai", "sk-replaced-0000", null);
    assertThat(store().credentials().get(o.scope(), o.tenant().id(), "openai").orElseThrow()
        .apiKey()).isEqualTo("sk-replaced-0000");
    assertThat(store().credentials().delete(o.scope(), o.tenant().id(), "openai")).isTrue();
    assertThat(store().credentials().get(o.scope(), o.tenant().id(), "openai")).isEmpty();
  }

  @Test
  default void aCiphertextCopiedToAnotherTenantDoesNotDecrypt() {
    Org a = newOrg("copy-a");
    Org b = newOrg("copy-b");
    store().credentials().put(a.scope(), a.tenant().id(), "anthropic", "sk-ant-aaaaaaaa", null);
    store().credentials().put(b.scope(), b.tenant().id(), "anthropic", "sk-ant-bbbbbbbb", null);
    String stolen = rawCredential(a.tenant().id(), "anthropic");
    db().write("test", c -> Sql.update(c, "UPDATE provider_credentials SET api_key_encrypted = ?"
        + " WHERE tenant_id = ? AND provider = ?", stolen, b.tenant().id(), "anthropic"));
    assertThatThrownBy(() -> store().credentials().get(b.scope(), b.tenant().id(), "anthropic"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.getMessage()).doesNotContain("sk-ant"));
    assertThat(store().credentials().list(b.scope())).extracting(CredentialView::maskedKey)
        .containsExactly("(undecryptable)");
  }

  @Test
  default void withoutAnEncryptionKeyCredentialsAreRefused() {
    Org o = newOrg("nokey");
    SqlGovernanceStore plain = new SqlGovernanceStore(db(), null, Clock.systemUTC());
    assertThatThrownBy(() -> plain.credentials().put(o.scope(), o.tenant().id(), "openai",
        "sk-123456789", null)).isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.getMessage()).contains("SWITCHBOARD_ENCRYPTION_KEY"));
  }

  private String rawCredential(String tenantId, String provider) {
    return db().read("provider_credentials", c -> Sql.one(c, "SELECT api_key_encrypted FROM"
        + " provider_credentials WHERE tenant_id = ? AND provider = ?", rs -> rs.getString(1),
        tenantId, provider)).orElseThrow();
  }
}
