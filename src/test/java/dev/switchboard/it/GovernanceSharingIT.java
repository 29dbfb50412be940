package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas sharing one store and a real redis-server: a budget that allows 50
 * requests lets exactly 50 of 200 concurrent ones through (ending at the limit, not past it), and
 * a requests-per-minute limit holds across both replicas as on one box.
 */
class GovernanceSharingIT {
  private static final String MASTER = "sk-master-shared";

  private static String config(Sims s) {
    // $1 per output token and free input: every request below costs exactly $16.
    return s.providers() + """
        models:
          metered:
            provider: sim-a
            model: gpt-4o-mini
            pricing: {input: 0, output: 1000000}
        """;
  }

  @Test
  void budgetsAndRateLimitsHoldAcrossReplicas() throws Exception {
    try (Sims s = Sims.start(1)) {
      String db = Harness.tempDb();
      Gateway one = s.gateway(config(s), "redis://127.0.0.1:6379", MASTER, db);
      Gateway two = s.gateway(config(s), "redis://127.0.0.1:6379", MASTER, db);
      String team = setUpTeam(s, one);
      String key = newKey(s, one, team)[0];
      admin(s, two, "PUT", "/admin/teams/" + team + "/limits", "{\"daily_usd\": 800}");

      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(chatAsync(s, i % 2 == 0 ? one : two, key));
      }
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger budget = new AtomicInteger();
      for (var f : all) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 200) {
          ok.incrementAndGet();
        } else if (r.body().contains("budget_exceeded")) {
          budget.incrementAndGet();
        }
      }
      assertThat(ok).hasValue(50);
      assertThat(budget).hasValue(150);

      // Replica two cached the team's limits; raising them on replica one reaches it at once.
      admin(s, one, "PUT", "/admin/teams/" + team + "/limits", "{\"daily_usd\": 100000}");
      await().atMost(Duration.ofSeconds(1)).until(() ->
          chatAsync(s, two, key).get().statusCode() == 200);

      String[] made = newKey(s, one, team);
      String other = made[0];
      String otherId = made[1];
      admin(s, one, "PUT", "/admin/keys/" + otherId + "/limits",
          "{\"rpm\": 10, \"model\": \"metered\"}");
      int allowed = 0;
      for (int i = 0; i < 30; i++) {
        if (chatAsync(s, i % 2 == 0 ? one : two, other).get().statusCode() == 200) {
          allowed++;
        }
      }
      assertThat(allowed).as("10 per minute over both replicas").isEqualTo(10);
    }
  }

  private static String setUpTeam(Sims s, Gateway g) throws Exception {
    String t = admin(s, g, "POST", "/admin/tenants", "{\"name\":\"shared-" + System.nanoTime()
        + "\"}");
    String d = admin(s, g, "POST", "/admin/departments", "{\"tenant_id\":\"" + t
        + "\",\"name\":\"d\"}");
    return admin(s, g, "POST", "/admin/teams", "{\"department_id\":\"" + d
        + "\",\"name\":\"t\"}");
  }

  /** A new key of a new user in {@code team}: the key and its id. */
  private static String[] newKey(Sims s, Gateway g, String team) throws Exception {
    String user = admin(s, g, "POST", "/admin/users", "{\"team_id\":\"" + team
        + "\",\"email\":\"u" + System.nanoTime() + "@x.test\"}");
    HttpResponse<String> r = call(s, g, "POST", "/admin/keys", "{\"user_id\":\"" + user
        + "\",\"name\":\"k" + System.nanoTime() + "\"}");
    var created = Json.MAPPER.readTree(r.body());
    return new String[] {created.path("key").asText(), created.path("id").asText()};
  }

  private static String admin(Sims s, Gateway g, String method, String path, String body)
      throws Exception {
    HttpResponse<String> r = call(s, g, method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).path("id").asText();
  }

  private static HttpResponse<String> call(Sims s, Gateway g, String method, String path,
      String body) throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> chatAsync(Sims s, Gateway g, String key) {
    return s.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
        + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"metered\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
