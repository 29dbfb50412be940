package dev.switchboard.admin;

import static dev.switchboard.admin.GovernanceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenants, departments, teams and users through the API: the whole lifecycle and its rules. */
interface GovernanceHierarchyContract extends GovernanceFixture {

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("data").forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  /** The ids made by {@link #buildAndChange}. */
  record Built(String tenant, String d1, String d2, String team, String user) {}

  /** Creates a tenant with two departments, a team and a user, and changes each once. */
  private Built buildAndChange(String n) {
    JsonNode tenant = ok("POST", "/admin/tenants", json("name", n));
    String t = tenant.path("id").asText();
    assertThat(tenant.path("name").asText()).isEqualTo(n);
    assertThat(tenant.path("created_at").asText()).endsWith("Z");
    assertThat(ids(ok("GET", "/admin/tenants", null))).contains(t);
    assertThat(ok("PATCH", "/admin/tenants/" + t, json("name", n + "-renamed")).path("name")
        .asText()).isEqualTo(n + "-renamed");
    assertThat(ok("GET", "/admin/tenants/" + t, null).path("name").asText())
        .isEqualTo(n + "-renamed");
    String d1 = create("/admin/departments", json("tenant_id", t, "name", "research"));
    String d2 = create("/admin/departments", json("tenant_id", t, "name", "sales"));
    assertThat(ids(ok("GET", "/admin/departments?tenant_id=" + t, null)))
        .containsExactlyInAnyOrder(d1, d2);
    JsonNode dept = ok("PATCH", "/admin/departments/" + d2, json("name", "marketing"));
    assertThat(dept.path("name").asText()).isEqualTo("marketing");
    assertThat(dept.path("tenant_id").asText()).isEqualTo(t);
    String team = create("/admin/teams", json("department_id", d1, "name", "ml"));
    assertThat(ids(ok("GET", "/admin/teams?department_id=" + d1, null))).containsExactly(team);
    String user = create("/admin/users", json("team_id", team, "email", "Ada@" + n + ".io",
        "name", "Ada"));
    JsonNode u = ok("GET", "/admin/users/" + user, null);
    assertThat(u.path("email").asText()).isEqualTo("ada@" + n + ".io");
    assertThat(u.path("tenant_id").asText()).isEqualTo(t);
    assertThat(ids(ok("GET", "/admin/users?team_id=" + team, null))).containsExactly(user);
    return new Built(t, d1, d2, team, user);
  }

  @Test
  default void theWholeHierarchyLifecycle() {
    String n = "life-" + GovernanceFixture.uid();
    Built b = buildAndChange(n);
    // A team moves to another department of its tenant; a user changes e-mail and name.
    JsonNode moved = ok("PATCH", "/admin/teams/" + b.team(), json("department_id", b.d2()));
    assertThat(moved.path("department_id").asText()).isEqualTo(b.d2());
    assertThat(moved.path("name").asText()).isEqualTo("ml");
    JsonNode changed = ok("PATCH", "/admin/users/" + b.user(), json("email", "ada.l@" + n
        + ".io", "name", "Ada L."));
    assertThat(changed.path("email").asText()).isEqualTo("ada.l@" + n + ".io");
    assertThat(changed.path("team_id").asText()).isEqualTo(b.team());
    deleteBottomUp(b);
  }

  private void deleteBottomUp(Built b) {
    // Deletion is refused while children remain, with a message saying what to do.
    assertThat(fails(400, "DELETE", "/admin/tenants/" + b.tenant(), null).message())
        .contains("still has departments");
    assertThat(fails(400, "DELETE", "/admin/teams/" + b.team(), null).message())
        .contains("still has users");
    JsonNode gone = ok("DELETE", "/admin/users/" + b.user(), null);
    assertThat(gone.path("deleted").asBoolean()).isTrue();
    assertThat(gone.path("id").asText()).isEqualTo(b.user());
    ok("DELETE", "/admin/teams/" + b.team(), null);
    ok("DELETE", "/admin/departments/" + b.d1(), null);
    ok("DELETE", "/admin/departments/" + b.d2(), null);
    ok("DELETE", "/admin/tenants/" + b.tenant(), null);
    for (String path : List.of("/admin/tenants/" + b.tenant(), "/admin/departments/" + b.d1(),
        "/admin/teams/" + b.team(), "/admin/users/" + b.user())) {
      fails(404, "GET", path, null);
      fails(404, "DELETE", path, null);
    }
    assertThat(ids(ok("GET", "/admin/tenants", null))).doesNotContain(b.tenant());
  }

  @Test
  default void duplicateNamesAndEmailsAnswer400WithAClearMessage() {
    Org o = newOrg("dup");
    String name = ok("GET", "/admin/tenants/" + o.tenant(), null).path("name").asText();
    Resp r = fails(400, "POST", "/admin/tenants", json("name", name));
    assertThat(r.param()).isEqualTo("name");
    assertThat(r.message()).contains("already exists");
    String other = create("/admin/tenants", json("name", "dup-other-" + GovernanceFixture.uid()));
    assertThat(fails(400, "PATCH", "/admin/tenants/" + other, json("name", name)).param())
        .isEqualTo("name");
    String dept = ok("GET", "/admin/departments/" + o.department(), null).path("name").asText();
    assertThat(fails(400, "POST", "/admin/departments", json("tenant_id", o.tenant(), "name",
        dept)).message()).contains("already has a department named");
    // The same name is fine in another tenant.
    create("/admin/departments", json("tenant_id", other, "name", dept));
    String team = ok("GET", "/admin/teams/" + o.team(), null).path("name").asText();
    assertThat(fails(400, "POST", "/admin/teams", json("department_id", o.department(), "name",
        team)).message()).contains("already has a team named");
    Resp mail = fails(400, "POST", "/admin/users", json("team_id", o.team(), "email",
        o.email().toUpperCase(java.util.Locale.ROOT)));
    assertThat(mail.param()).isEqualTo("email");
    assertThat(mail.message()).contains("already exists in this tenant");
  }

  @Test
  default void unknownIdsPathsAndMethods() {
    String nobody = java.util.UUID.randomUUID().toString();
    for (String kind : List.of("tenants", "departments", "teams", "users", "keys")) {
      Resp r = fails(404, "GET", "/admin/" + kind + "/" + nobody, null);
      assertThat(r.message()).contains(nobody);
      assertThat(r.json().path("error").path("code").asText()).isEqualTo("not_found");
      fails(404, "PATCH", "/admin/" + kind + "/" + nobody, json("name", "x"));
      fails(404, "DELETE", "/admin/" + kind + "/" + nobody, null);
      fails(404, "GET", "/admin/" + kind + "/" + nobody + "/limits", null);
      fails(405, "PUT", "/admin/" + kind, json("name", "x"));
      fails(404, "GET", "/admin/" + kind + "/" + nobody + "/nothing", null);
    }
    assertThat(fails(405, "POST", "/admin/tenants/" + nobody, null).json().path("error")
        .path("code").asText()).isEqualTo("method_not_allowed");
    fails(405, "POST", "/admin/audit", null);
    fails(405, "DELETE", "/admin/usage", null);
    fails(404, "GET", "/admin/audit/x", null);
    fails(404, "GET", "/admin/teams//limits", null);
    fails(404, "POST", "/admin/users/" + nobody + "/credits", json("amount_usd", 1, "reason",
        "r"));
  }

  @Test
  default void theApiOwnsOnlyItsOwnPaths() {
    GovernanceAdmin admin = new GovernanceAdmin(store(), KeyInvalidation.NONE,
        java.time.Clock.systemUTC());
    for (String p : List.of("/admin/tenants", "/admin/tenants/", "/admin/keys/x/revoke",
        "/admin/audit", "/admin/usage", "/admin/users/u/credits")) {
      assertThat(admin.owns(p)).as(p).isTrue();
    }
    for (String p : List.of("/admin/dashboard", "/admin/load-balancer", "/admin/models/m",
        "/admin/deployments/d/healthy", "/admin/config/reload", "/admin/tenantsx",
        "/admin/", "/v1/chat/completions", "/admin/usage-x")) {
      assertThat(admin.owns(p)).as(p).isFalse();
    }
  }

  @Test
  default void aTenantScopedCallerCannotCreateTenantsButManagesItsOwn() {
    Org o = newOrg("own");
    Resp r = fails(403, "POST", "/admin/tenants", json("name", "sneaky-" + GovernanceFixture.uid()),
        GovernanceFixture.as(o.tenant()));
    assertThat(r.message()).contains("gateway operator");
    JsonNode renamed = ok("PATCH", "/admin/tenants/" + o.tenant(),
        json("name", "own-renamed-" + GovernanceFixture.uid()), GovernanceFixture.as(o.tenant()));
    assertThat(renamed.path("id").asText()).isEqualTo(o.tenant());
    String d = create("/admin/departments", json("tenant_id", o.tenant(), "name", "scoped"),
        GovernanceFixture.as(o.tenant()));
    assertThat(ok("GET", "/admin/departments/" + d, null).path("tenant_id").asText())
        .isEqualTo(o.tenant());
  }
}
