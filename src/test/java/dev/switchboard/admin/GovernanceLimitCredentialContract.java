package dev.switchboard.admin;

import static dev.switchboard.admin.GovernanceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.store.Limits;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.TenantScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits on every level and per model; tenants' provider credentials, always masked. */
interface GovernanceLimitCredentialContract extends GovernanceFixture {

  @Test
  default void limitsOnEveryLevelAndPerModel() {
    Org o = newOrg("limits");
    JsonNode key = newKey(o, "k");
    String k = key.path("id").asText();
    Map<String, String> levels = Map.of("tenants", o.tenant(), "departments", o.department(),
        "teams", o.team(), "users", o.user(), "keys", k);
    for (Map.Entry<String, String> e : levels.entrySet()) {
      String path = "/admin/" + e.getKey() + "/" + e.getValue() + "/limits";
      JsonNode all = ok("PUT", path, json("rpm", 100, "daily_usd", 12.5, "monthly_usd", 300));
      assertThat(all.path("model").isNull()).isTrue();
      assertThat(all.path("rpm").asLong()).isEqualTo(100);
      assertThat(all.path("tpm").isNull()).isTrue();
      assertThat(all.path("daily_usd").decimalValue()).isEqualByComparingTo("12.5");
      ok("PUT", path, json("model", "gpt-4o", "tpm", 5000, "max_concurrent", 3));
      JsonNode listed = ok("GET", path, null).path("data");
      assertThat(listed).hasSize(2);
      assertThat(listed.findValuesAsText("scope_id")).containsOnly(e.getValue());
    }
    List<Limits> applicable = store().limits().applicableTo(store().keys()
        .findByHash(ApiKeys.hash(key.path("key").asText())).orElseThrow());
    assertThat(applicable).hasSize(10);
    Limits team = store().limits().get(TenantScope.ALL, ScopeType.TEAM, o.team(), "")
        .orElseThrow();
    assertThat(team.dailyUsdMicros()).isEqualTo(12_500_000L);
    assertThat(team.monthlyUsdMicros()).isEqualTo(300_000_000L);
  }

  @Test
  default void aPutReplacesAModelsLimitsAndDeleteRemovesThem() {
    Org o = newOrg("limits-put");
    String k = newKey(o, "k").path("id").asText();
    // PUT replaces the model's limits as a whole.
    String teamPath = "/admin/teams/" + o.team() + "/limits";
    ok("PUT", teamPath, json("rpm", 100, "daily_usd", 12.5));
    ok("PUT", teamPath, json("model", "gpt-4o", "tpm", 5000));
    ok("PUT", teamPath, json("tpm", 10));
    Limits replaced = store().limits().get(TenantScope.ALL, ScopeType.TEAM, o.team(), "")
        .orElseThrow();
    assertThat(replaced.rpm()).isNull();
    assertThat(replaced.tpm()).isEqualTo(10L);

    JsonNode deleted = ok("DELETE", teamPath + "?model=gpt-4o", null);
    assertThat(deleted.path("deleted").asBoolean()).isTrue();
    assertThat(ok("GET", teamPath, null).path("data")).hasSize(1);
    fails(404, "DELETE", teamPath + "?model=gpt-4o", null);
    ok("DELETE", teamPath, null);
    assertThat(ok("GET", teamPath, null).path("data")).isEmpty();
    fails(404, "DELETE", teamPath, null);

    // Limits on a key are a change to the key.
    int mark = invalidated().size();
    ok("PUT", "/admin/keys/" + k + "/limits", json("rpm", 1));
    assertThat(invalidated().subList(mark, invalidated().size())).containsExactly(k);
  }

  @Test
  default void providerCredentialsAreStoredEncryptedAndShownMasked() {
    Org o = newOrg("creds");
    String secret = "sk-proj-" + GovernanceFixture.uid() + "-abcdWXYZ";
    String path = "/admin/tenants/" + o.tenant() + "/providers/openai";
    JsonNode put = ok("PUT", path, json("api_key", secret, "base_url",
        "https://proxy.example.com/v1"));
    assertThat(put.path("api_key_masked").asText()).isEqualTo("••••WXYZ");
    assertThat(put.path("base_url").asText()).isEqualTo("https://proxy.example.com/v1");
    assertThat(put.path("provider").asText()).isEqualTo("openai");
    ok("PUT", "/admin/tenants/" + o.tenant() + "/providers/anthropic",
        json("api_key", "sk-ant-0123456789"));
    Resp listed = send("GET", "/admin/tenants/" + o.tenant() + "/providers", null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("data").findValuesAsText("provider"))
        .containsExactly("anthropic", "openai");
    assertThat(listed.text()).doesNotContain(secret).doesNotContain("sk-ant-0123456789");
    assertThat(store().credentials().get(TenantScope.ALL, o.tenant(), "openai").orElseThrow()
        .apiKey()).isEqualTo(secret);

    // Replacing keeps one entry; the audit log holds masked values only.
    ok("PUT", path, json("api_key", secret + "2"));
    Resp audit = send("GET", "/admin/audit?tenant_id=" + o.tenant(), null);
    assertThat(audit.text()).doesNotContain(secret).contains("credential.put")
        .contains("••••XYZ2");
    ok("DELETE", path, null);
    fails(404, "DELETE", path, null);
    assertThat(ok("GET", "/admin/tenants/" + o.tenant() + "/providers", null).path("data")
        .findValuesAsText("provider")).containsExactly("anthropic");
    assertThat(send("DELETE", "/admin/audit", null).status()).isEqualTo(405);
  }

  @Test
  default void withoutAnEncryptionKeyCredentialsAreRefusedWithTheSetting() {
    Org o = newOrg("nokey");
    Resp r = send(portWithoutEncryptionKey(), "PUT", "/admin/tenants/" + o.tenant()
        + "/providers/openai", json("api_key", "sk-1234567890"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("SWITCHBOARD_ENCRYPTION_KEY");
    assertThat(store().credentials().list(TenantScope.of(o.tenant()))).isEmpty();
    // Everything else works without it.
    assertThat(send(portWithoutEncryptionKey(), "GET", "/admin/tenants/" + o.tenant()
        + "/providers", null).status()).isEqualTo(200);
  }
}
