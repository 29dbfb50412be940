package dev.switchboard.admin;

import static dev.switchboard.admin.GovernanceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation through the API: a caller limited to tenant A tries every read and change
 * against tenant B's objects and gets 404 (shaped exactly like an unknown id) or an empty
 * answer, never B's data; afterwards B is unchanged.
 */
interface GovernanceIsolationContract extends GovernanceFixture {

  /** Two tenants with one of everything each. */
  record Two(Org a, Org b, JsonNode keyA, JsonNode keyB) {}

  private Two twoTenants() {
    Org a = newOrg("iso-a");
    Org b = newOrg("iso-b");
    JsonNode keyA = newKey(a, "ka");
    JsonNode keyB = newKey(b, "kb");
    for (Org o : List.of(a, b)) {
      ok("PUT", "/admin/teams/" + o.team() + "/limits", json("rpm", 9));
      ok("PUT", "/admin/tenants/" + o.tenant() + "/providers/openai",
          json("api_key", "sk-" + o.tenant()));
      ok("POST", "/admin/users/" + o.user() + "/credits", json("amount_usd", 1, "reason", "g"));
    }
    try (LedgerWriter w = new LedgerWriter(db(), new SimpleMeterRegistry())) {
      for (Object[] x : new Object[][] {{a, keyA}, {b, keyB}}) {
        Org o = (Org) x[0];
        w.offer(LedgerEntry.builder("iso-" + GovernanceFixture.uid(), "m")
            .at(System.currentTimeMillis() - 60_000).owner(((JsonNode) x[1]).path("id").asText(),
                o.user(), o.team(), o.department(), o.tenant()).cost(1L).build());
      }
      assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    }
    return new Two(a, b, keyA, keyB);
  }

  /** Everything the operator can read about B, to compare after A's attempts. */
  private List<String> snapshot(Org b, String keyB) {
    List<String> out = new ArrayList<>();
    for (String p : List.of("/admin/tenants/" + b.tenant(), "/admin/departments/"
        + b.department(), "/admin/teams/" + b.team(), "/admin/users/" + b.user(),
        "/admin/keys/" + keyB, "/admin/teams/" + b.team() + "/limits", "/admin/tenants/"
        + b.tenant() + "/providers", "/admin/users/" + b.user() + "/credits")) {
      out.add(ok("GET", p, null).toString());
    }
    return out;
  }

  @Test
  default void everyRequestAgainstAnotherTenantsObjectsAnswers404() {
    Two t = twoTenants();
    Org b = t.b();
    String keyB = t.keyB().path("id").asText();
    List<String> before = snapshot(b, keyB);
    String[] asA = GovernanceFixture.as(t.a().tenant());
    Map<String, String> objects = Map.of("tenants", b.tenant(), "departments", b.department(),
        "teams", b.team(), "users", b.user(), "keys", keyB);
    String unknown = UUID.randomUUID().toString();
    for (Map.Entry<String, String> e : objects.entrySet()) {
      String kind = e.getKey();
      String id = e.getValue();
      Object patch = json("name", "x");
      for (String[] req : new String[][] {{"GET", ""}, {"PATCH", ""}, {"DELETE", ""},
          {"GET", "/limits"}, {"PUT", "/limits"}, {"DELETE", "/limits"}}) {
        Object body = req[0].equals("PUT") ? json("rpm", 1) : req[0].equals("PATCH") ? patch
            : null;
        Resp theirs = fails(404, req[0], "/admin/" + kind + "/" + id + req[1], body, asA);
        Resp missing = fails(404, req[0], "/admin/" + kind + "/" + unknown + req[1], body, asA);
        // No existence leak: B's id reads exactly like an id that does not exist.
        assertThat(theirs.message().replace(id, "ID"))
            .isEqualTo(missing.message().replace(unknown, "ID"));
      }
    }
    String providers = "/admin/tenants/" + b.tenant() + "/providers";
    fails(404, "GET", providers, null, asA);
    fails(404, "PUT", providers + "/openai", json("api_key", "sk-mine-123456"), asA);
    fails(404, "DELETE", providers + "/openai", null, asA);
    fails(404, "GET", "/admin/users/" + b.user() + "/credits", null, asA);
    fails(404, "POST", "/admin/users/" + b.user() + "/credits",
        json("amount_usd", 100, "reason", "steal"), asA);
    fails(404, "POST", "/admin/keys/" + keyB + "/revoke", null, asA);
    assertThat(snapshot(b, keyB)).isEqualTo(before);
    assertThat(store().keys().findByHash(ApiKeys.hash(t.keyB().path("key").asText()))
        .orElseThrow().revoked()).isFalse();
  }

  @Test
  default void listsAndReportsShowOnlyTheCallersTenant() {
    Two t = twoTenants();
    Org a = t.a();
    Org b = t.b();
    String[] asA = GovernanceFixture.as(a.tenant());
    assertThat(ok("GET", "/admin/tenants", null, asA).path("data").findValuesAsText("id"))
        .containsExactly(a.tenant());
    for (String kind : List.of("departments", "teams", "users", "keys")) {
      assertThat(ok("GET", "/admin/" + kind, null, asA).path("data")
          .findValuesAsText("tenant_id")).containsOnly(a.tenant()).isNotEmpty();
    }
    // Filtering by B's parents is as unknown as filtering by nothing that exists.
    fails(404, "GET", "/admin/departments?tenant_id=" + b.tenant(), null, asA);
    fails(404, "GET", "/admin/teams?department_id=" + b.department(), null, asA);
    fails(404, "GET", "/admin/users?team_id=" + b.team(), null, asA);
    fails(404, "GET", "/admin/keys?user_id=" + b.user(), null, asA);

    JsonNode audit = ok("GET", "/admin/audit?limit=1000", null, asA);
    assertThat(audit.path("data").findValuesAsText("tenant_id")).containsOnly(a.tenant())
        .isNotEmpty();
    assertThat(audit.toString()).doesNotContain(b.tenant());
    assertThat(ok("GET", "/admin/audit?tenant_id=" + b.tenant(), null, asA).path("data"))
        .isEmpty();

    JsonNode usage = ok("GET", "/admin/usage?group_by=tenant", null, asA);
    assertThat(usage.path("data").findValuesAsText("group")).containsExactly(a.tenant());
    assertThat(ok("GET", "/admin/usage?group_by=key&tenant_id=" + b.tenant(), null, asA)
        .path("data")).isEmpty();
    assertThat(ok("GET", "/admin/usage?group_by=key&user_id=" + b.user(), null, asA)
        .path("data")).isEmpty();
    assertThat(ok("GET", "/admin/usage?group_by=user", null, asA).toString())
        .doesNotContain(b.user());
  }

  @Test
  default void nothingCanBeCreatedUnderOrMovedIntoAnotherTenant() {
    Two t = twoTenants();
    Org a = t.a();
    Org b = t.b();
    String[] asA = GovernanceFixture.as(a.tenant());
    fails(404, "POST", "/admin/departments", json("tenant_id", b.tenant(), "name", "x"), asA);
    fails(404, "POST", "/admin/teams", json("department_id", b.department(), "name", "x"), asA);
    fails(404, "POST", "/admin/users", json("team_id", b.team(), "email", "x@x.io"), asA);
    fails(404, "POST", "/admin/keys", json("user_id", b.user(), "name", "x"), asA);
    // Moves cross no tenant boundary, not even for the operator.
    for (String[] who : new String[][] {asA, {}}) {
      fails(404, "PATCH", "/admin/users/" + a.user(), json("team_id", b.team()), who);
      fails(404, "PATCH", "/admin/teams/" + a.team(), json("department_id", b.department()),
          who);
    }
    assertThat(ok("GET", "/admin/users?team_id=" + b.team(), null).path("data")
        .findValuesAsText("id")).containsExactly(b.user());
    assertThat(ok("GET", "/admin/users/" + a.user(), null).path("team_id").asText())
        .isEqualTo(a.team());
  }
}
