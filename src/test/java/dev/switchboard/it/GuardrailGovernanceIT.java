package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Guardrails scoped to governance's tenants, teams and keys, with real virtual keys made through
 * the admin API: a rule applies to exactly the callers its scope names, a blocked request never
 * reaches the provider, and replacing the rules at run time re-scopes them at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardrailGovernanceIT {
  private static final String MASTER = "sk-master-guard";
  private Sims s;
  private Gateway g;
  private Caller acmeSearch;
  private Caller acmeLegal;
  private Caller globex;

  /** A virtual key and where it sits in the hierarchy. */
  private record Caller(String key, String keyName, String team, String tenant) {}

  @BeforeAll
  void start() throws Exception {
    s = Sims.start(1);
    // the endpoint exists because one rule is configured; the scoped ones come by PUT
    g = s.gateway(s.providers() + "models:\n  mini: {provider: sim-a, model: gpt-4o-mini}\n"
        + "guardrails:\n  rules:\n    - {name: size, type: max_input_tokens, max_tokens: 100000}\n",
        "", MASTER, Harness.tempDb());
    String acme = admin("POST", "/admin/tenants", "{\"name\":\"acme\"}").path("id").asText();
    String other = admin("POST", "/admin/tenants", "{\"name\":\"globex\"}").path("id").asText();
    acmeSearch = caller(acme, "search");
    acmeLegal = caller(acme, "legal");
    globex = caller(other, "globex");
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private Caller caller(String tenant, String name) throws Exception {
    String dept = admin("POST", "/admin/departments", "{\"tenant_id\":\"" + tenant
        + "\",\"name\":\"d-" + name + "\"}").path("id").asText();
    String team = admin("POST", "/admin/teams", "{\"department_id\":\"" + dept
        + "\",\"name\":\"t-" + name + "\"}").path("id").asText();
    String user = admin("POST", "/admin/users", "{\"team_id\":\"" + team
        + "\",\"email\":\"" + name + "@" + name + ".test\"}").path("id").asText();
    String key = admin("POST", "/admin/keys", "{\"user_id\":\"" + user + "\",\"name\":\"k-" + name
        + "\"}").path("key").asText();
    return new Caller(key, "k-" + name, team, tenant);
  }

  private JsonNode admin(String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, body, MASTER);
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> send(String method, String path, String body, String key)
      throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int ask(Caller c, String text) throws Exception {
    return send("POST", "/v1/chat/completions", "{\"model\":\"mini\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"" + text + "\"}]}", c.key()).statusCode();
  }

  private long reachedUpstream(String marker) {
    return s.sim('a').requests().stream().filter(r -> r.body().contains(marker)).count();
  }

  private void rules(String scoped) throws Exception {
    admin("PUT", "/admin/guardrails", "{\"rules\":[{\"name\":\"size\",\"type\":"
        + "\"max_input_tokens\",\"max_tokens\":100000}," + scoped + "]}");
  }

  @Test
  void aRuleScopedToATenantBlocksOnlyThatTenantsKeys() throws Exception {
    rules("{\"name\":\"codename\",\"type\":\"deny_list\",\"keywords\":[\"falcon\"],"
        + "\"action\":\"block\",\"scope\":{\"tenants\":[\"" + acmeSearch.tenant() + "\"]}}");
    String marker = UUID.randomUUID().toString();
    assertThat(ask(acmeSearch, "project falcon " + marker)).isEqualTo(400);
    assertThat(ask(acmeLegal, "project falcon " + marker)).isEqualTo(400);
    assertThat(reachedUpstream(marker)).as("blocked requests never reach the provider").isZero();
    assertThat(ask(globex, "project falcon " + marker)).isEqualTo(200);
    assertThat(reachedUpstream(marker)).isEqualTo(1);
  }

  @Test
  void teamAndKeyScopesNarrowItFurtherAndAReplacementReScopesAtOnce() throws Exception {
    rules("{\"name\":\"codename\",\"type\":\"deny_list\",\"keywords\":[\"falcon\"],"
        + "\"action\":\"block\",\"scope\":{\"teams\":[\"" + acmeLegal.team() + "\"]}}");
    String marker = UUID.randomUUID().toString();
    assertThat(ask(acmeLegal, "falcon " + marker)).isEqualTo(400);
    assertThat(ask(acmeSearch, "falcon " + marker)).isEqualTo(200);

    rules("{\"name\":\"codename\",\"type\":\"deny_list\",\"keywords\":[\"falcon\"],"
        + "\"action\":\"block\",\"scope\":{\"keys\":[\"" + globex.keyName() + "\"]}}");
    assertThat(ask(acmeLegal, "falcon " + marker)).as("no longer in scope").isEqualTo(200);
    assertThat(ask(globex, "falcon " + marker)).isEqualTo(400);
    assertThat(reachedUpstream(marker)).isEqualTo(2);
  }
}
