package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed input on every endpoint: each answers 400 naming the offending field where there is
 * one, with a message, and never 500.
 */
interface GovernanceBadInputContract extends GovernanceFixture {

  /** One bad request: method, path ({@code {t}} etc. filled in), body, expected param. */
  record Bad(String method, String path, String body, String param) {}

  private static Bad bad(String method, String path, String body, String param) {
    return new Bad(method, path, body, param);
  }

  private static List<Bad> tenantCases() {
    List<Bad> c = new ArrayList<>();
    // Bodies that are not a JSON object at all.
    for (String body : new String[] {"", "not json", "[1, 2]", "\"name\"", "null", "{\"name\":",
        "{\"name\": \"a\"} {\"name\": \"b\"}", "{\"name\": \"a\", \"name\": \"b\"}"}) {
      c.add(bad("POST", "/admin/tenants", body, null));
    }
    c.add(bad("POST", "/admin/tenants", "{}", "name"));
    c.add(bad("POST", "/admin/tenants", "{\"name\": 5}", "name"));
    c.add(bad("POST", "/admin/tenants", "{\"name\": \"  \"}", "name"));
    c.add(bad("POST", "/admin/tenants", "{\"name\": \"" + "x".repeat(300) + "\"}", "name"));
    c.add(bad("POST", "/admin/tenants", "{\"name\": \"x\", \"extra\": 1}", "extra"));
    c.add(bad("POST", "/admin/tenants", "{\"name\": \"a\\u0000b\"}", "name"));
    c.add(bad("GET", "/admin/tenants/%00", null, null));
    c.add(bad("GET", "/admin/departments?tenant_id=%00", null, "tenant_id"));
    c.add(bad("PATCH", "/admin/tenants/{t}", "{}", "name"));
    c.add(bad("PATCH", "/admin/tenants/{t}", "{\"name\": null}", "name"));
    c.add(bad("PATCH", "/admin/tenants/{t}", "[]", null));
    return c;
  }

  private static List<Bad> childCases() {
    List<Bad> c = new ArrayList<>();
    c.add(bad("POST", "/admin/departments", "{\"name\": \"d\"}", "tenant_id"));
    c.add(bad("POST", "/admin/departments", "{\"tenant_id\": 1, \"name\": \"d\"}", "tenant_id"));
    c.add(bad("POST", "/admin/departments", "{\"tenant_id\": \"{t}\", \"name\": {}}", "name"));
    c.add(bad("PATCH", "/admin/departments/{d}", "{\"tenant_id\": \"{t}\"}", "tenant_id"));
    c.add(bad("POST", "/admin/teams", "{\"department_id\": \"{d}\"}", "name"));
    c.add(bad("PATCH", "/admin/teams/{team}", "{}", null));
    c.add(bad("PATCH", "/admin/teams/{team}", "{\"department_id\": false}", "department_id"));
    c.add(bad("POST", "/admin/users", "{\"team_id\": \"{team}\", \"email\": \"nope\"}", "email"));
    c.add(bad("POST", "/admin/users", "{\"team_id\": \"{team}\", \"email\": [\"a@b.io\"]}",
        "email"));
    c.add(bad("POST", "/admin/users", "{\"team_id\": \"{team}\"}", "email"));
    c.add(bad("PATCH", "/admin/users/{u}", "{\"email\": \"@x\"}", "email"));
    c.add(bad("PATCH", "/admin/users/{u}", "{\"role\": \"admin\"}", "role"));
    return c;
  }

  private static List<Bad> keyCases() {
    List<Bad> c = new ArrayList<>();
    String key = "{\"user_id\": \"{u}\", \"name\": \"k\", ";
    c.add(bad("POST", "/admin/keys", "{\"user_id\": \"{u}\"}", "name"));
    c.add(bad("POST", "/admin/keys", "{\"name\": \"k\"}", "user_id"));
    c.add(bad("POST", "/admin/keys", key + "\"models\": \"gpt-4o\"}", "models"));
    c.add(bad("POST", "/admin/keys", key + "\"models\": [1]}", "models"));
    c.add(bad("POST", "/admin/keys", key + "\"expires_at\": \"tomorrow\"}", "expires_at"));
    c.add(bad("POST", "/admin/keys", key + "\"expires_at\": 1900000000000}", "expires_at"));
    c.add(bad("POST", "/admin/keys", key + "\"expires_at\": 1.5}", "expires_at"));
    c.add(bad("POST", "/admin/keys", key + "\"expires_at\": 1000}", "expires_at"));
    c.add(bad("POST", "/admin/keys", key + "\"metadata\": {\"a\": 1}}", "metadata"));
    c.add(bad("POST", "/admin/keys", key + "\"metadata\": []}", "metadata"));
    c.add(bad("POST", "/admin/keys", key + "\"key\": \"sk-sb-mine\"}", "key"));
    c.add(bad("PATCH", "/admin/keys/{k}", "{\"name\": null}", "name"));
    c.add(bad("PATCH", "/admin/keys/{k}", "{}", null));
    c.add(bad("PATCH", "/admin/keys/{k}", "{\"models\": {}}", "models"));
    c.add(bad("PATCH", "/admin/keys/{k}", "{\"user_id\": \"{u}\"}", "user_id"));
    c.add(bad("POST", "/admin/keys/{k}/revoke", "{\"now\": true}", "now"));
    c.add(bad("POST", "/admin/keys/{k}/revoke", "nope", null));
    return c;
  }

  private static List<Bad> limitCases() {
    List<Bad> c = new ArrayList<>();
    String limits = "/admin/users/{u}/limits";
    c.add(bad("PUT", limits, "{}", null));
    c.add(bad("PUT", limits, "{\"model\": \"gpt-4o\"}", null));
    c.add(bad("PUT", limits, "{\"rpm\": -1}", "rpm"));
    c.add(bad("PUT", limits, "{\"rpm\": 1.5}", "rpm"));
    c.add(bad("PUT", limits, "{\"rpm\": \"10\"}", "rpm"));
    c.add(bad("PUT", limits, "{\"rpm\": 99999999999999999999999}", "rpm"));
    c.add(bad("PUT", limits, "{\"tpm\": true}", "tpm"));
    c.add(bad("PUT", limits, "{\"max_concurrent\": 3000000000}", "max_concurrent"));
    c.add(bad("PUT", limits, "{\"daily_usd\": \"5\"}", "daily_usd"));
    c.add(bad("PUT", limits, "{\"daily_usd\": 0.0000001}", "daily_usd"));
    c.add(bad("PUT", limits, "{\"monthly_usd\": -1}", "monthly_usd"));
    c.add(bad("PUT", limits, "{\"monthly_usd\": 1e30}", "monthly_usd"));
    c.add(bad("PUT", limits, "{\"model\": 4, \"rpm\": 1}", "model"));
    c.add(bad("PUT", limits, "{\"rpms\": 1}", "rpms"));
    c.add(bad("DELETE", limits + "?modle=x", null, "modle"));
    c.add(bad("GET", limits + "?model=x", null, "model"));
    return c;
  }

  private static List<Bad> credentialAndCreditCases() {
    List<Bad> c = new ArrayList<>();
    String provider = "/admin/tenants/{t}/providers/openai";
    c.add(bad("PUT", provider, "{}", "api_key"));
    c.add(bad("PUT", provider, "{\"api_key\": 7}", "api_key"));
    c.add(bad("PUT", provider, "{\"api_key\": \"sk-1\", \"base_url\": \"ftp://x\"}", "base_url"));
    c.add(bad("PUT", provider, "{\"api_key\": \"sk-1\", \"base_url\": \"https://u:p@x\"}",
        "base_url"));
    c.add(bad("PUT", provider, "{\"api_key\": \"sk-1\", \"org\": \"o\"}", "org"));
    c.add(bad("PUT", "/admin/tenants/{t}/providers/bad%20name!", "{\"api_key\": \"sk-1\"}",
        "provider"));
    String credits = "/admin/users/{u}/credits";
    c.add(bad("POST", credits, "{\"reason\": \"r\"}", "amount_usd"));
    c.add(bad("POST", credits, "{\"amount_usd\": 0, \"reason\": \"r\"}", "amount_usd"));
    c.add(bad("POST", credits, "{\"amount_usd\": \"5\", \"reason\": \"r\"}", "amount_usd"));
    c.add(bad("POST", credits, "{\"amount_usd\": 1.0000001, \"reason\": \"r\"}", "amount_usd"));
    c.add(bad("POST", credits, "{\"amount_usd\": 5}", "reason"));
    c.add(bad("GET", credits + "?limit=0", null, "limit"));
    return c;
  }

  private static List<Bad> reportCases() {
    List<Bad> c = new ArrayList<>();
    c.add(bad("GET", "/admin/audit?limit=0", null, "limit"));
    c.add(bad("GET", "/admin/audit?limit=abc", null, "limit"));
    c.add(bad("GET", "/admin/audit?limit=1001", null, "limit"));
    c.add(bad("GET", "/admin/audit?cursor=zzz", null, "cursor"));
    c.add(bad("GET", "/admin/audit?cursor=bm90LWEtbnVtYmVyOng", null, "cursor"));
    c.add(bad("GET", "/admin/audit?foo=1", null, "foo"));
    c.add(bad("GET", "/admin/audit?limit=1&limit=2", null, "limit"));
    c.add(bad("GET", "/admin/usage?group_by=week", null, "group_by"));
    c.add(bad("GET", "/admin/usage?from=yesterday", null, "from"));
    c.add(bad("GET", "/admin/usage?to=2026-13-45", null, "to"));
    c.add(bad("GET", "/admin/usage?from=2026-03-02&to=2026-03-01", null, "from"));
    c.add(bad("GET", "/admin/usage?tenant_id={t}&user_id={u}", null, "user_id"));
    c.add(bad("GET", "/admin/departments?tenant={t}", null, "tenant"));
    c.add(bad("GET", "/admin/tenants?name=x", null, "name"));

    return c;
  }

  @Test
  default void malformedInputAnswers400NamingTheField() {
    Org o = newOrg("bad");
    String k = newKey(o, "k").path("id").asText();
    List<String> failures = new ArrayList<>();
    List<Bad> all = new ArrayList<>(tenantCases());
    all.addAll(childCases());
    all.addAll(keyCases());
    all.addAll(limitCases());
    all.addAll(credentialAndCreditCases());
    all.addAll(reportCases());
    for (Bad b : all) {
      String path = fill(b.path(), o, k);
      Resp r = send(b.method(), path, b.body() == null ? null : fill(b.body(), o, k));
      boolean good = r.status() == 400 && !r.message().isBlank()
          && java.util.Objects.equals(r.param(), b.param());
      if (!good) {
        failures.add(b.method() + " " + path + " " + b.body() + " → " + r.status() + " "
            + r.text());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  default void badlyEncodedPathsAndQueriesAnswer400() throws java.io.IOException {
    // Raw requests: HTTP client libraries refuse to send these.
    for (String target : List.of("/admin/audit?limit=%zz", "/admin/tenants/%zz")) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
            + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String answer = new String(s.getInputStream().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer).as(target).startsWith("HTTP/1.1 400").contains("encoded");
      }
    }
  }

  @Test
  default void oversizedBodiesAnswer413() {
    String big = "{\"name\": \"" + "x".repeat(300 * 1024) + "\"}";
    Resp r = send("POST", "/admin/tenants", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.message()).contains("KiB");
  }

  @Test
  default void aBlankTenantHeaderIsRefused() {
    Resp r = send("GET", "/admin/tenants", null, TENANT, " ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.param()).isEqualTo(TENANT);
  }

  private static String fill(String s, Org o, String key) {
    return s.replace("{team}", o.team()).replace("{t}", o.tenant())
        .replace("{d}", o.department()).replace("{u}", o.user()).replace("{k}", key);
  }
}
