package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.Gateway;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.CredentialCipher;
import dev.switchboard.provider.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.DatabaseSettings;
import dev.switchboard.store.Limits;
import dev.switchboard.store.NewKey;
import dev.switchboard.store.ScopeType;
import dev.switchboard.store.SqlGovernanceStore;
import dev.switchboard.store.TenantScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Virtual keys on the data plane, driven by the official OpenAI SDK: the gateway's own SQLite
 * store is seeded through a second connection to the same file (as the admin API would), then
 * keys are used, refused for their limits and budgets, and every request lands in the ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceIT {
  private static final ScopeType KEY = ScopeType.KEY;
  private Sims s;
  private Gateway g;
  private Database db;
  private SqlGovernanceStore store;
  private String userId;
  private String teamId;
  private String tenantId;

  /** Where the gateway keeps its state: empty for its SQLite file; PostgresGovernanceIT sets it. */
  String databaseUrl() {
    return "";
  }

  void dropDatabase() {
    // the SQLite file lives in a temp dir
  }

  @BeforeAll
  void start() {
    s = Sims.start(2, null, "sk-tenant-own");
    String sqlite = Harness.tempDb();
    String url = databaseUrl();
    g = s.gateway(s.providers() + "models:\n"
        + "  mini: {provider: sim-a, model: gpt-4o-mini}\n"
        + "  other: {provider: sim-a, model: gpt-4o}\n"
        + "  byo: {provider: sim-b, model: gpt-4o-mini}\n", "", "sk-master-gov", sqlite,
        url);
    db = Database.open(DatabaseSettings.of(url, sqlite), new SimpleMeterRegistry());
    store = new SqlGovernanceStore(db, CredentialCipher.fromKeyText(Sims.ENCRYPTION_KEY),
        Clock.systemUTC());
    var t = store.hierarchy().tenants().create("acme");
    tenantId = t.id();
    var d = store.hierarchy().departments().create(TenantScope.ALL, t.id(), "research");
    var team = store.hierarchy().teams().create(TenantScope.ALL, d.id(), "nlp");
    teamId = team.id();
    userId = store.hierarchy().users().create(TenantScope.ALL, team.id(), "ada@acme.test", "Ada")
        .id();
  }

  @AfterAll
  void stop() {
    db.close();
    s.close();
    dropDatabase();
  }

  /** A new key of the suite's user, made through the store. */
  String newKeyOfSetUpUser(String name) {
    return newKey(name, List.of());
  }

  /** A chat completion of model 'mini' with {@code key}. */
  HttpResponse<String> chatAs(String key) throws Exception {
    return chat(key, "mini", "");
  }

  private String newKey(String name, List<String> models) {
    String key = ApiKeys.generate();
    store.keys().insert(TenantScope.ALL, new NewKey(userId, ApiKeys.hash(key), name,
        ApiKeys.hint(key), models, 0, Map.of()));
    return key;
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port() + "/v1")
        .apiKey(key).maxRetries(0).build();
  }

  private HttpResponse<String> chat(String key, String model, String extra)
      throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port()
        + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aVirtualKeyWorksWithTheSdkAndEveryRequestIsInTheLedger() {
    String key = newKey("sdk", List.of());
    var done = client(key).chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mini").addUserMessage("hello").build());
    assertThat(done.choices()).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> ledgerByKey("sdk") == 1);
    assertThatThrownBy(() -> client(ApiKeys.generate()).chat().completions().create(
        ChatCompletionCreateParams.builder().model("mini").addUserMessage("x").build()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void aKeyLimitedToOneModelIsRefusedOthersWithA403() throws Exception {
    String key = newKey("mini-only", List.of("mini"));
    var listed = client(key).models().list().data();
    assertThat(listed).extracting(m -> m.id()).containsExactly("mini");
    assertThat(client(newKey("all", List.of())).models().list().data()).hasSizeGreaterThan(1);
    assertThatThrownBy(() -> client(key).chat().completions().create(
        ChatCompletionCreateParams.builder().model("other").addUserMessage("x").build()))
        .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("mini");
  }

  @Test
  void requestsPerMinuteAreEnforcedWithHeadersThatSayWhen() throws Exception {
    String key = newKey("rpm", List.of());
    String keyId = store.keys().list(TenantScope.ALL, userId).stream()
        .filter(k -> k.name().equals("rpm")).findFirst().orElseThrow().id();
    store.limits().put(TenantScope.ALL, Limits.none(KEY, keyId, "").withRpm(3L));
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = chat(key, "mini", "");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
    }
    HttpResponse<String> refused = chat(key, "mini", "");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    assertThat(Json.MAPPER.readTree(refused.body()).at("/error/message").asText())
        .contains("key 'rpm'").contains("3 requests per minute");
  }

  @Test
  void aSpentTeamBudgetRefusesWithLimitSpendAndResetTime() throws Exception {
    String key = newKey("budget", List.of());
    store.limits().put(TenantScope.ALL, Limits.none(ScopeType.TEAM, teamId, "other")
        .withDailyUsdMicros(10_000L));
    HttpResponse<String> small = chat(key, "other", ",\"max_tokens\":10");
    assertThat(small.statusCode()).isEqualTo(200);
    HttpResponse<String> big = chat(key, "other", ",\"max_tokens\":100000");
    assertThat(big.statusCode()).isEqualTo(429);
    String msg = Json.MAPPER.readTree(big.body()).at("/error/message").asText();
    assertThat(Json.MAPPER.readTree(big.body()).at("/error/code").asText())
        .isEqualTo("budget_exceeded");
    assertThat(msg).startsWith("Daily cost limit exceeded for team 'nlp' for model 'other'")
        .contains("Limit: $0.01").contains("Resets at ").endsWith("UTC.");
    JsonNode err = Json.MAPPER.readTree(big.body()).get("error");
    assertThat(err.get("category").asText()).isEqualTo("budget_quota");
    assertThat(err.get("retry_after").asLong()).isPositive()
        .isEqualTo(Long.parseLong(big.headers().firstValue("retry-after").orElseThrow()));
  }

  @Test
  void aTenantsOwnProviderKeyIsUsedForItsRequestsOnly() throws Exception {
    store.credentials().put(TenantScope.ALL, tenantId, "sim-b", "sk-tenant-own", null);
    String raw = db.read("provider_credentials", c -> {
      try (var st = c.prepareStatement("select api_key_encrypted from provider_credentials")) {
        try (var rs = st.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    assertThat(raw).as("encrypted at rest").doesNotContain("sk-tenant-own");
    String key = newKey("byo", List.of());
    HttpResponse<String> own = chat(key, "byo", "");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(s.sim('b').requests().get(s.sim('b').requests().size() - 1).header("authorization"))
        .isEqualTo("Bearer sk-tenant-own");

    var other = store.hierarchy().tenants().create("globex");
    var d = store.hierarchy().departments().create(TenantScope.ALL, other.id(), "ops");
    var team = store.hierarchy().teams().create(TenantScope.ALL, d.id(), "sre");
    var user = store.hierarchy().users().create(TenantScope.ALL, team.id(), "bo@globex.test",
        "Bo");
    String theirs = ApiKeys.generate();
    store.keys().insert(TenantScope.ALL, new NewKey(user.id(), ApiKeys.hash(theirs), "globex",
        ApiKeys.hint(theirs), List.of(), 0, Map.of()));
    HttpResponse<String> notTheirs = chat(theirs, "byo", "");
    assertThat(notTheirs.statusCode()).as("another tenant never gets acme's key").isEqualTo(502);
    assertThat(Json.MAPPER.readTree(notTheirs.body()).at("/error/code").asText())
        .isEqualTo("upstream_authentication_error");
  }

  private com.fasterxml.jackson.databind.JsonNode admin(String method, String path,
      String body) throws Exception {
    HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + g.port() + path)).header("Authorization", "Bearer sk-master-gov")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void keysMadeThroughTheAdminApiWorkAtOnceAndStopAtOnceWhenRevoked() throws Exception {
    String tenant = admin("POST", "/admin/tenants", "{\"name\":\"initech\"}").path("id")
        .asText();
    String dept = admin("POST", "/admin/departments", "{\"tenant_id\":\"" + tenant
        + "\",\"name\":\"eng\"}").path("id").asText();
    String team = admin("POST", "/admin/teams", "{\"department_id\":\"" + dept
        + "\",\"name\":\"tps\"}").path("id").asText();
    String user = admin("POST", "/admin/users", "{\"team_id\":\"" + team
        + "\",\"email\":\"peter@initech.test\"}").path("id").asText();
    var created = admin("POST", "/admin/keys", "{\"user_id\":\"" + user
        + "\",\"name\":\"laptop\"}");
    String key = created.path("key").asText();
    assertThat(key).startsWith("sk-sb-");
    assertThat(chat(key, "mini", "").statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/admin/keys?user_id=" + user, null).toString())
        .doesNotContain(key);

    admin("POST", "/admin/keys/" + created.path("id").asText() + "/revoke", null);
    HttpResponse<String> revoked = chat(key, "mini", "");
    assertThat(revoked.statusCode()).as("the cached key is dropped at once").isEqualTo(401);
    assertThat(revoked.body()).contains("revoked");
    assertThat(admin("GET", "/admin/audit?tenant_id=" + tenant, null).toString())
        .contains("revoke");
  }

  @Test
  void prepaidCreditsPayForRequestsUntilTheyAreUsedUp() throws Exception {
    String user = store.hierarchy().users().create(TenantScope.ALL, teamId, "pre@acme.test",
        "Pre").id();
    String key = ApiKeys.generate();
    store.keys().insert(TenantScope.ALL, new NewKey(user, ApiKeys.hash(key), "prepaid",
        ApiKeys.hint(key), List.of(), 0, Map.of()));
    // less than one gpt-4o-mini answer costs (about $0.00001)
    admin("POST", "/admin/users/" + user + "/credits", "{\"amount_usd\": 0.000005,"
        + " \"reason\": \"trial\"}");
    assertThat(chat(key, "mini", "").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> chat(key, "mini", "").statusCode() == 402);
    HttpResponse<String> refused = chat(key, "mini", "");
    assertThat(Json.MAPPER.readTree(refused.body()).at("/error/code").asText())
        .isEqualTo("budget_exceeded");
    assertThat(refused.body()).contains("prepaid credits");
    assertThat(Json.MAPPER.readTree(refused.body()).at("/error/category").asText())
        .isEqualTo("credits_payment");
    assertThat(store.credits().balance(TenantScope.ALL, user)).isNegative();
    assertThat(s.get(g, "/metrics").body()).contains("credits_used_total");
  }

  private long ledgerByKey(String name) {
    return db.read("ledger", c -> {
      try (var st = c.prepareStatement("select count(*) from ledger l join api_keys k"
          + " on k.id = l.key_id where k.name = ?")) {
        st.setString(1, name);
        try (var rs = st.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }
}
