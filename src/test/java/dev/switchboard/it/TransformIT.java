package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Transformation rules with governance on, driven by the official OpenAI SDK: what reached the
 * simulator ({@code GET /mock/requests}), what the client got (complete and streamed), scoping by
 * key and tenant, and replacing the rules at run time through {@code /admin/transformations}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransformIT {
  private static final String MASTER = "sk-master-transform";
  private static final String RULES = """
      transformations:
        rules:
          - name: house-policy
            match: {models: [mini]}
            request:
              system_prompt: {text: "You answer for {key_name} of tenant {tenant_id} on {date}."}
              caps: {temperature: 0.8, max_tokens: 64}
              remove: [user]
          - name: branding
            match: {models: [brand], keys: [branded]}
            response:
              model: Company AI
              remove: [system_fingerprint]
              hide_provider: true
              metadata: {request_id: "{request_id}", key: "{key_name}"}
      """;
  private Sims s;
  private Gateway g;
  private Caller alice;
  private Caller branded;
  private Caller bob;

  /** A virtual key and who owns it. */
  private record Caller(String key, String tenantId, OpenAIClient client) {}

  @BeforeAll
  void start() throws Exception {
    s = Sims.start(1);
    g = s.gateway(s.providers() + """
        models:
          mini: {provider: sim-a, model: gpt-4o-mini}
          brand: {provider: sim-a, model: gpt-4o}
        """ + RULES, "", MASTER);
    String acme = tenant("acme");
    alice = caller(acme, "alice");
    branded = caller(acme, "branded");
    bob = caller(tenant("globex"), "bob");
  }

  @AfterAll
  void stop() {
    List.of(alice, branded, bob).forEach(c -> c.client().close());
    s.close();
  }

  @BeforeEach
  void reset() throws Exception {
    // the rules of the file, sent as JSON: a test that replaced them leaves no trace
    admin("PUT", "/admin/transformations", new YAMLMapper().readTree(RULES)
        .get("transformations").toString());
    s.sim('a').clearRequests();
  }

  @Test
  void theSystemPromptIsInjectedWithItsVariablesAndParametersAreCappedUpstream()
      throws Exception {
    ChatCompletion done = alice.client().chat().completions().create(
        ChatCompletionCreateParams.builder().model("mini").addUserMessage("hello")
            .temperature(1.7).maxTokens(500).user("end-user-42").build());
    assertThat(done.choices()).isNotEmpty();

    JsonNode sent = lastUpstreamBody();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You answer for alice of tenant "
        + alice.tenantId() + " on " + LocalDate.now(ZoneOffset.UTC) + ".");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("hello");
    assertThat(sent.get("temperature").doubleValue()).isEqualTo(0.8);
    assertThat(sent.get("max_tokens").asLong()).isEqualTo(64);
    assertThat(sent.has("user")).isFalse();

    alice.client().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mini").addUserMessage("x").temperature(0.2).build());
    JsonNode low = lastUpstreamBody();
    assertThat(low.get("temperature").doubleValue()).as("below the cap: kept").isEqualTo(0.2);
    assertThat(low.has("max_tokens")).as("a cap adds nothing").isFalse();
  }

  @Test
  void theModelNameIsReplacedInTheAnswerAndInEveryStreamedChunk() {
    HttpResponseFor<ChatCompletion> raw = branded.client().chat().completions().withRawResponse()
        .create(ChatCompletionCreateParams.builder().model("brand").addUserMessage("hi").build());
    ChatCompletion done = raw.parse();
    assertThat(done.model()).isEqualTo("Company AI");
    assertThat(done.systemFingerprint()).isEmpty();
    JsonValue meta = done._additionalProperties().get("switchboard");
    assertThat(meta.toString()).contains("branded")
        .contains(raw.headers().values("x-request-id").get(0));
    assertThat(raw.headers().values("x-switchboard-deployment")).isEmpty();
    assertThat(raw.headers().values("x-switchboard-provider")).isEmpty();

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = branded.client().chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("brand")
            .addUserMessage("hi").build())) {
      stream.stream().forEach(chunks::add);
    }
    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.model()).isEqualTo("Company AI");
      assertThat(c.systemFingerprint()).isEmpty();
    });
    assertThat(chunks.get(0)._additionalProperties()).containsKey("switchboard");
    assertThat(chunks.get(1)._additionalProperties()).doesNotContainKey("switchboard");
  }

  @Test
  void onlyTheKeyInScopeIsTransformed() {
    HttpResponseFor<ChatCompletion> other = alice.client().chat().completions()
        .withRawResponse().create(ChatCompletionCreateParams.builder().model("brand")
            .addUserMessage("hi").build());
    assertThat(other.parse().model()).isEqualTo("gpt-4o");
    assertThat(other.parse().systemFingerprint()).isPresent();
    assertThat(other.parse()._additionalProperties()).doesNotContainKey("switchboard");
    assertThat(other.headers().values("x-switchboard-deployment")).containsExactly("sim-a/gpt-4o");
    assertThat(branded.client().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("brand").addUserMessage("hi").build()).model()).isEqualTo("Company AI");
  }

  @Test
  void rulesReplacedThroughTheAdminApiApplyToTheNextRequest() throws Exception {
    JsonNode before = admin("GET", "/admin/transformations", null);
    assertThat(before.findValuesAsText("name")).containsExactly("house-policy", "branding");

    JsonNode after = admin("PUT", "/admin/transformations", """
        {"rules": [{"name": "globex-only", "match": {"tenants": ["%s"]},
                    "request": {"defaults": {"temperature": 0.1}},
                    "response": {"model": "Globex {model}"}}]}""".formatted(bob.tenantId()));
    assertThat(after.findValuesAsText("name")).containsExactly("globex-only");
    assertThat(admin("GET", "/admin/transformations", null)).isEqualTo(after);

    assertThat(bob.client().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("brand").addUserMessage("hi").build()).model()).isEqualTo("Globex brand");
    assertThat(lastUpstreamBody().get("temperature").doubleValue()).isEqualTo(0.1);
    assertThat(branded.client().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("brand").addUserMessage("hi").build()).model()).isEqualTo("gpt-4o");
    assertThat(lastUpstreamBody().has("temperature")).isFalse();
    assertThat(s.get(g, "/metrics").body())
        .contains("transformations_applied_total{direction=\"response\",rule=\"globex-only\"}");

    HttpResponse<String> bad = send("PUT", "/admin/transformations",
        "{\"rules\": [{\"name\": \"x\", \"response\": {\"model\": \"{tenant}\"}}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(bad.body()).at("/error/message").asText())
        .contains("nothing was changed")
        .contains("transformations.rules[0].response.model: unknown template variable"
            + " '{tenant}'");
    assertThat(admin("GET", "/admin/transformations", null)).isEqualTo(after);
    assertThat(send("PUT", "/admin/transformations", "{\"rules\": [").statusCode())
        .isEqualTo(400);
    assertThat(send("DELETE", "/admin/transformations", null).statusCode()).isEqualTo(405);
    assertThat(s.get(g, "/admin/transformations").statusCode()).as("needs the master key")
        .isEqualTo(401);
  }

  @Test
  void theAnthropicMessagesApiGetsTheRequestChangesAndAHiddenProvider() throws Exception {
    HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + g.port() + "/v1/messages")).header("x-api-key", alice.key())
        .header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mini\",\"max_tokens\":900,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).at("/content/0/text").asText()).isNotEmpty();
    JsonNode sent = lastUpstreamBody();
    assertThat(sent.at("/messages/0/content").asText()).startsWith("You answer for alice");
    assertThat(sent.path("max_tokens").asLong(sent.path("max_completion_tokens").asLong()))
        .isEqualTo(64);

    admin("PUT", "/admin/transformations", "{\"rules\": [{\"name\": \"hide\","
        + " \"response\": {\"hide_provider\": true, \"model\": \"Company AI\"}}]}");
    HttpResponse<String> hidden = s.http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + g.port() + "/v1/messages")).header("x-api-key", bob.key())
        .header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"brand\",\"max_tokens\":9,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
    assertThat(hidden.headers().firstValue("x-switchboard-deployment")).isEmpty();
    assertThat(Json.MAPPER.readTree(hidden.body()).path("model").asText())
        .as("the Messages API answers with the model the client asked for").isEqualTo("brand");
  }

  private JsonNode lastUpstreamBody() throws Exception {
    HttpResponse<String> log = s.http.send(HttpRequest.newBuilder(URI.create(
        s.sim('a').baseUrl().replaceFirst("/v1$", "") + "/mock/requests")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode all = Json.MAPPER.readTree(log.body());
    return Json.MAPPER.readTree(all.get(all.size() - 1).get("body").asText());
  }

  private String tenant(String name) throws Exception {
    return admin("POST", "/admin/tenants", "{\"name\":\"" + name + "\"}").path("id").asText();
  }

  private Caller caller(String tenant, String name) throws Exception {
    String dept = admin("POST", "/admin/departments", "{\"tenant_id\":\"" + tenant
        + "\",\"name\":\"d-" + name + "\"}").path("id").asText();
    String team = admin("POST", "/admin/teams", "{\"department_id\":\"" + dept
        + "\",\"name\":\"t-" + name + "\"}").path("id").asText();
    String user = admin("POST", "/admin/users", "{\"team_id\":\"" + team
        + "\",\"email\":\"" + name + "@example.test\"}").path("id").asText();
    String key = admin("POST", "/admin/keys", "{\"user_id\":\"" + user + "\",\"name\":\"" + name
        + "\"}").path("key").asText();
    return new Caller(key, tenant, OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + g.port() + "/v1").apiKey(key).maxRetries(0).build());
  }

  private JsonNode admin(String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
