package dev.switchboard.admin;

import static dev.switchboard.admin.GovernanceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The audit log of every mutation, usage reports over the ledger, and user credits. */
interface GovernanceReportContract extends GovernanceFixture {
  long DAY = 86_400_000L;

  List<String> ACTIONS = List.of("user.delete", "tenant.update", "user.update",
      "department.update", "team.update", "key.delete", "credits.adjust", "credential.delete",
      "credential.put", "limits.delete", "limits.put", "key.revoke", "key.update",
      "key.create", "user.create", "team.create", "department.create", "tenant.create");

  /** Every kind of mutation once, by "alice@ops" (one by the default actor); the tenant id. */
  private String mutateEverything() {
    String[] by = {ACTOR, "alice@ops"};
    String t = create("/admin/tenants", json("name", "audit-" + GovernanceFixture.uid()), by);
    String d = create("/admin/departments", json("tenant_id", t, "name", "d"), by);
    String team = create("/admin/teams", json("department_id", d, "name", "t"), by);
    String u = create("/admin/users", json("team_id", team, "email", "a@audit.io"), by);
    String k = ok("POST", "/admin/keys", json("user_id", u, "name", "k"), by).path("id").asText();
    ok("PATCH", "/admin/keys/" + k, json("name", "k2"), by);
    ok("POST", "/admin/keys/" + k + "/revoke", null, by);
    ok("PUT", "/admin/users/" + u + "/limits", json("rpm", 5), by);
    ok("DELETE", "/admin/users/" + u + "/limits", null, by);
    ok("PUT", "/admin/tenants/" + t + "/providers/openai", json("api_key", "sk-audit-12345678"),
        by);
    ok("DELETE", "/admin/tenants/" + t + "/providers/openai", null, by);
    ok("POST", "/admin/users/" + u + "/credits", json("amount_usd", 5, "reason", "grant"), by);
    ok("DELETE", "/admin/keys/" + k, null, by);
    ok("PATCH", "/admin/teams/" + team, json("name", "t2"), by);
    ok("PATCH", "/admin/departments/" + d, json("name", "d2"));
    ok("PATCH", "/admin/users/" + u, json("name", "A"), by);
    ok("PATCH", "/admin/tenants/" + t, json("name", "audit-r-" + GovernanceFixture.uid()), by);
    ok("DELETE", "/admin/users/" + u, null, by);
    return t;
  }

  @Test
  default void everyMutationIsAuditedWithItsActor() {
    String t = mutateEverything();
    JsonNode page = ok("GET", "/admin/audit?tenant_id=" + t + "&limit=100", null);
    List<String> actions = new ArrayList<>();
    page.path("data").forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions).isEqualTo(ACTIONS);
    assertThat(page.path("next_cursor").isNull()).isTrue();
    JsonNode first = page.path("data").get(page.path("data").size() - 1);
    assertThat(first.path("actor").asText()).isEqualTo("alice@ops");
    assertThat(first.path("target_type").asText()).isEqualTo("tenant");
    assertThat(first.path("target_id").asText()).isEqualTo(t);
    assertThat(first.path("before").isNull()).isTrue();
    assertThat(first.path("after").path("id").asText()).isEqualTo(t);
    JsonNode deptUpdate = page.path("data").get(3);
    assertThat(deptUpdate.path("actor").asText()).isEqualTo("master");
    assertThat(deptUpdate.path("before").path("name").asText()).isEqualTo("d");
    assertThat(deptUpdate.path("after").path("name").asText()).isEqualTo("d2");
    JsonNode credential = page.path("data").get(8);
    assertThat(credential.path("after").path("api_key_masked").asText()).isEqualTo("••••5678");
    assertThat(page.toString()).doesNotContain("sk-audit-12345678");
  }

  @Test
  default void auditPagesAreJoinedByTheirCursor() {
    String t = mutateEverything();
    // Pages of 5, newest first, joined by the cursor.
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode p = ok("GET", "/admin/audit?tenant_id=" + t + "&limit=5"
          + (cursor == null ? "" : "&cursor=" + cursor), null);
      p.path("data").forEach(e -> paged.add(e.path("action").asText()));
      cursor = p.path("next_cursor").isNull() ? null : p.path("next_cursor").asText();
    } while (cursor != null);
    assertThat(paged).isEqualTo(ACTIONS);
    // The tenant's own admin sees the same entries.
    assertThat(ok("GET", "/admin/audit?limit=100", null, GovernanceFixture.as(t)).path("data"))
        .hasSize(ACTIONS.size());
  }

  /** Four requests of one org over two days, in a window of their own. */
  private long ledger(Org o, String key1, String key2) {
    long day0 = Instant.parse("2031-05-10T00:00:00Z").toEpochMilli()
        + ThreadLocalRandom.current().nextLong(1, 1_000_000) * DAY;
    List<LedgerEntry> rows = List.of(
        row(o, key1, "gpt-4o", "openai", day0 + 1_000).tokens(100, 50, 10, 0).cacheWrites(40)
            .cost(1_500_000L).build(),
        row(o, key1, "gpt-4o", "openai", day0 + 2_000).tokens(200, 100, 0, 20).cost(2_000L)
            .build(),
        row(o, key2, "claude", "anthropic", day0 + DAY + 5).tokens(300, 0, 0, 0).cost(null)
            .status(502, "upstream_error").build(),
        row(o, key2, "claude", "anthropic", day0 + DAY + 6).cost(0L).cacheHit(true).build());
    try (LedgerWriter w = new LedgerWriter(db(), new SimpleMeterRegistry())) {
      rows.forEach(w::offer);
      assertThat(w.close(Duration.ofSeconds(30))).isTrue();
    }
    return day0;
  }

  private static LedgerEntry.Builder row(Org o, String key, String model, String provider,
      long at) {
    return LedgerEntry.builder("req-" + GovernanceFixture.uid(), model).at(at)
        .upstream(provider, provider + "-1").latencyMs(10)
        .owner(key, o.user(), o.team(), o.department(), o.tenant());
  }

  private static String window(long from, long to) {
    // Both forms of a time: ISO-8601 and epoch seconds.
    return "&from=" + Instant.ofEpochMilli(from) + "&to=" + to / 1000;
  }

  @Test
  default void usageIsGroupedWithSpendInDollars() {
    Org o = newOrg("usage");
    String k1 = newKey(o, "k1").path("id").asText();
    String k2 = newKey(o, "k2").path("id").asText();
    long day0 = ledger(o, k1, k2);
    String range = window(day0, day0 + 2 * DAY);
    JsonNode byKey = ok("GET", "/admin/usage?group_by=key" + range, null);
    assertThat(byKey.path("group_by").asText()).isEqualTo("key");
    Map<String, JsonNode> groups = new java.util.HashMap<>();
    byKey.path("data").forEach(r -> groups.put(r.path("group").asText(), r));
    assertThat(groups).containsOnlyKeys(k1, k2);
    JsonNode first = groups.get(k1);
    assertThat(first.path("requests").asLong()).isEqualTo(2);
    assertThat(first.path("prompt_tokens").asLong()).isEqualTo(300);
    assertThat(first.path("completion_tokens").asLong()).isEqualTo(150);
    assertThat(first.path("total_tokens").asLong()).isEqualTo(450);
    assertThat(first.path("cached_tokens").asLong()).isEqualTo(10);
    assertThat(first.path("cache_write_tokens").asLong()).isEqualTo(40);
    assertThat(first.path("spend_usd").decimalValue()).isEqualByComparingTo("1.502");
    JsonNode second = groups.get(k2);
    assertThat(second.path("errors").asLong()).isEqualTo(1);
    assertThat(second.path("cache_hits").asLong()).isEqualTo(1);
    assertThat(second.path("unpriced_requests").asLong()).isEqualTo(1);
    assertThat(byKey.path("totals").path("requests").asLong()).isEqualTo(4);
    assertThat(byKey.path("totals").path("cache_write_tokens").asLong()).isEqualTo(40);
    assertThat(byKey.path("totals").path("spend_usd").decimalValue())
        .isEqualByComparingTo("1.502");

  }

  @Test
  default void usageGroupsByEveryDimensionAndFilters() {
    Org o = newOrg("usage-dims");
    String k1 = newKey(o, "k1").path("id").asText();
    String k2 = newKey(o, "k2").path("id").asText();
    long day0 = ledger(o, k1, k2);
    String range = window(day0, day0 + 2 * DAY);
    JsonNode byDay = ok("GET", "/admin/usage?group_by=day" + range, null);
    assertThat(byDay.path("data").findValuesAsText("group")).containsExactly(
        LocalDate.ofInstant(Instant.ofEpochMilli(day0), ZoneOffset.UTC).toString(),
        LocalDate.ofInstant(Instant.ofEpochMilli(day0 + DAY), ZoneOffset.UTC).toString());
    for (String[] dim : new String[][] {{"model", "claude", "gpt-4o"},
        {"provider", "anthropic", "openai"}}) {
      assertThat(ok("GET", "/admin/usage?group_by=" + dim[0] + range, null).path("data")
          .findValuesAsText("group")).containsExactly(dim[1], dim[2]);
    }
    for (String[] dim : new String[][] {{"user", o.user()}, {"team", o.team()},
        {"department", o.department()}, {"tenant", o.tenant()}}) {
      JsonNode r = ok("GET", "/admin/usage?group_by=" + dim[0] + range, null);
      assertThat(r.path("data").findValuesAsText("group")).containsExactly(dim[1]);
      assertThat(r.path("data").get(0).path("requests").asLong()).isEqualTo(4);
    }
    // Filters, the tenant's own view, and the [from, to) window.
    assertThat(ok("GET", "/admin/usage?group_by=model&key_id=" + k1 + range, null).path("data")
        .findValuesAsText("group")).containsExactly("gpt-4o");
    assertThat(ok("GET", "/admin/usage?group_by=key" + range, null,
        GovernanceFixture.as(o.tenant())).path("data")).hasSize(2);
    assertThat(ok("GET", "/admin/usage?group_by=key" + window(day0, day0 + DAY), null)
        .path("data").findValuesAsText("group")).containsExactly(k1);
    assertThat(ok("GET", "/admin/usage?group_by=key&from=2031-01-01&to=2031-01-02", null)
        .path("data")).isEmpty();
  }

  @Test
  default void creditsAreGrantedDeductedAndListed() {
    Org o = newOrg("credits");
    String path = "/admin/users/" + o.user() + "/credits";
    JsonNode empty = ok("GET", path, null);
    assertThat(empty.path("balance_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(empty.path("transactions")).isEmpty();
    JsonNode granted = ok("POST", path, json("amount_usd", 10.5, "reason", "welcome"));
    assertThat(granted.path("balance_usd").decimalValue()).isEqualByComparingTo("10.5");
    JsonNode deducted = ok("POST", path, json("amount_usd", -2.25, "reason", "correction"));
    assertThat(deducted.path("balance_usd").decimalValue()).isEqualByComparingTo("8.25");
    assertThat(deducted.path("transactions").findValuesAsText("reason"))
        .containsExactly("correction", "welcome");
    assertThat(deducted.path("transactions").get(0).path("amount_usd").decimalValue())
        .isEqualByComparingTo("-2.25");
    assertThat(ok("GET", path + "?limit=1", null).path("transactions")).hasSize(1);
    assertThat(ok("GET", path, null).path("balance_usd").toString()).isEqualTo("8.25");
    JsonNode audit = ok("GET", "/admin/audit?tenant_id=" + o.tenant() + "&limit=1", null)
        .path("data").get(0);
    assertThat(audit.path("action").asText()).isEqualTo("credits.adjust");
    assertThat(audit.path("before").path("balance_usd").decimalValue())
        .isEqualByComparingTo("10.5");
    assertThat(audit.path("after").path("amount_usd").decimalValue())
        .isEqualByComparingTo("-2.25");
  }
}
