package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.DatabaseSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The response cache with governance on, through the OpenAI SDK: each tenant has its own
 * partition, a key opts in with its {@code cache} metadata label, and a hit is in the ledger as a
 * cache hit that cost exactly zero (not an unknown price). Tenants, users and keys are made through
 * the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheGovernanceIT {
  private static final String MASTER = "sk-master-cache";
  private Sims s;
  private Gateway g;
  private Database db;
  private String tenantA;
  private String keyA;
  private String keyB;

  @BeforeAll
  void start() throws Exception {
    s = Sims.start(1);
    String sqlite = Harness.tempDb();
    // no model is listed: only keys labelled cache=true use the cache
    g = s.gateway(s.providers() + "models:\n  mini: {provider: sim-a, model: gpt-4o-mini}\n"
        + "cache:\n  ttl: 1h\n", "", MASTER, sqlite);
    db = Database.open(DatabaseSettings.of("", sqlite), new SimpleMeterRegistry());
    tenantA = tenant("acme");
    keyA = key(tenantA, "a", "{\"cache\": \"true\"}");
    keyB = key(tenant("globex"), "b", "{\"cache\": \"true\"}");
  }

  @AfterAll
  void stop() {
    db.close();
    s.close();
  }

  private String tenant(String name) throws Exception {
    return admin("POST", "/admin/tenants", "{\"name\":\"" + name + "\"}").path("id").asText();
  }

  /** A key of a new user in a new team of {@code tenant}, with {@code metadata}. */
  private String key(String tenant, String name, String metadata) throws Exception {
    String dept = admin("POST", "/admin/departments", "{\"tenant_id\":\"" + tenant
        + "\",\"name\":\"d-" + name + "\"}").path("id").asText();
    String team = admin("POST", "/admin/teams", "{\"department_id\":\"" + dept
        + "\",\"name\":\"t-" + name + "\"}").path("id").asText();
    String user = admin("POST", "/admin/users", "{\"team_id\":\"" + team
        + "\",\"email\":\"" + name + "@" + name + ".test\"}").path("id").asText();
    return admin("POST", "/admin/keys", "{\"user_id\":\"" + user + "\",\"name\":\"k-" + name
        + "\",\"metadata\":" + metadata + "}").path("key").asText();
  }

  private JsonNode admin(String method, String path, String body) throws Exception {
    HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + g.port() + path)).header("Authorization", "Bearer " + MASTER)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port() + "/v1")
        .apiKey(key).maxRetries(0).build();
  }

  /** Asks {@code q} with {@code key}; returns the cache header and the request id. */
  private String[] ask(String key, String q) {
    var r = client(key).chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("mini").addUserMessage(q).build());
    r.parse().validate();
    return new String[] {CacheIT.header(r, "X-Switchboard-Cache"),
        CacheIT.header(r, "X-Request-Id")};
  }

  private long upstreamCalls(String q) {
    return s.sim('a').requests().stream()
        .filter(r -> r.path().contains("chat") && r.body().contains(q)).count();
  }

  @Test
  void tenantsDoNotShareAnswersAndEachFlushesAlone() throws Exception {
    String q = "tenant " + UUID.randomUUID();
    assertThat(ask(keyA, q)[0]).isEqualTo("miss");
    assertThat(ask(keyA, q)[0]).isEqualTo("hit");
    assertThat(ask(keyB, q)[0]).as("the same question from another tenant").isEqualTo("miss");
    assertThat(ask(keyB, q)[0]).isEqualTo("hit");
    assertThat(upstreamCalls(q)).isEqualTo(2);

    admin("DELETE", "/admin/cache?tenant_id=" + tenantA, null);
    assertThat(ask(keyA, q)[0]).isEqualTo("miss");
    assertThat(ask(keyB, q)[0]).as("globex's answers stay").isEqualTo("hit");
  }

  @Test
  void keysWithoutTheLabelDoNotUseTheCache() throws Exception {
    String plain = key(tenantA, "plain", "{}");
    String q = "plain " + UUID.randomUUID();
    assertThat(ask(plain, q)[0]).isNull();
    assertThat(ask(plain, q)[0]).isNull();
    assertThat(upstreamCalls(q)).isEqualTo(2);
  }

  @Test
  void aHitIsInTheLedgerAsACacheHitThatCostNothing() {
    String q = "ledger " + UUID.randomUUID();
    String missId = ask(keyA, q)[1];
    String[] hit = ask(keyA, q);
    assertThat(hit[0]).isEqualTo("hit");
    assertThat(missId).isNotNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger(hit[1]))
        .as("ledger rows: %s; looking for %s and %s", all(), missId, hit[1]).hasSize(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger(missId).size() == 2);
    List<Object> paid = ledger(missId);
    List<Object> free = ledger(hit[1]);
    assertThat((Long) paid.get(0)).as("the miss was priced").isPositive();
    assertThat(paid.get(1)).isEqualTo(0L);
    assertThat(free.get(0)).as("known zero, not unknown").isEqualTo(0L);
    assertThat(free.get(1)).isEqualTo(1L);
  }

  /** The ledger row of a request as [cost_micros, cache_hit]; empty until it is written. */
  private List<List<Object>> ledgerRows(String requestId) {
    return db.read("ledger", c -> {
      try (var st = c.prepareStatement(
          "select cost_micros, cache_hit from ledger where request_id = ?")) {
        st.setString(1, requestId);
        try (var rs = st.executeQuery()) {
          List<List<Object>> rows = new java.util.ArrayList<>();
          while (rs.next()) {
            long cost = rs.getLong(1);
            Object costOrNull = rs.wasNull() ? null : cost;
            rows.add(java.util.Arrays.asList(costOrNull, rs.getLong(2)));
          }
          return rows;
        }
      }
    });
  }

  private List<String> all() {
    return db.read("ledger", c -> {
      try (var st = c.prepareStatement("select request_id, cost_micros, cache_hit, status,"
          + " error_code from ledger"); var rs = st.executeQuery()) {
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/"
              + rs.getString(4) + "/" + rs.getString(5));
        }
        return rows;
      }
    });
  }

  private List<Object> ledger(String requestId) {
    List<List<Object>> rows = ledgerRows(requestId);
    return rows.isEmpty() ? List.of() : rows.get(0);
  }
}
