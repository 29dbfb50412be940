package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data plane driven by the official OpenAI Java SDK and raw HTTP, through the simulator. */
class GatewayIT {
  static Harness h;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    h = Harness.start("");
    client = OpenAIOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey("any").maxRetries(0)
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    h.close();
  }

  @BeforeEach
  void reset() {
    h.mock.behavior(MockBehavior.defaults());
    h.mock.clearRequests();
  }

  private static ChatCompletionCreateParams.Builder chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello");
  }

  @Test
  void chatCompletionThroughTheSdk() {
    ChatCompletion c = client.chat().completions().create(chat("gpt-4o-mini").build());
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).isPresent();
    assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(16);
  }

  @Test
  void theUpstreamSeesTheUpstreamModelAndItsOwnKeyButEveryOtherFieldAsSent() throws Exception {
    String body = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"seed\":42,\"logprobs\":false,\"user\":\"u-1\",\"brand_new_field\":{\"a\":[1]}}";
    HttpResponse<String> r = h.post("/v1/chat/completions", body);
    assertThat(r.statusCode()).isEqualTo(200);
    var sent = h.mock.requests().get(h.mock.requests().size() - 1);
    JsonNode upstream = Json.MAPPER.readTree(sent.body());
    JsonNode expected = Json.MAPPER.readTree(body);
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("model",
        "llama-3.1-8b-instant");
    assertThat(upstream).isEqualTo(expected);
    assertThat(sent.headers().get("authorization")).isEqualTo("Bearer sk-upstream");
    assertThat(r.headers().firstValue("x-request-id")).isPresent();
    assertThat(r.headers().firstValue("x-response-time")).isPresent();
    assertThat(r.headers().firstValue("x-switchboard-overhead-ms")).isPresent();
    assertThat(r.headers().firstValue("x-switchboard-deployment"))
        .hasValue("sim/llama-3.1-8b-instant");
  }

  @Test
  void theClientsRequestIdIsKept() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Content-Type",
        "application/json", "X-Request-Id", "my-trace-123");
    assertThat(r.headers().firstValue("x-request-id")).hasValue("my-trace-123");
  }

  @Test
  void streamingThroughTheSdk() {
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(chat("gpt-4o-mini").build())) {
      s.stream().forEach(c -> {
        chunks.add(c);
        c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
      });
    }
    assertThat(text.toString().split(" ")).hasSize(16);
    assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
  }

  @Test
  void streamUsageReachesTheClientOnlyWhenAsked() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
        chat("gpt-4o-mini").streamOptions(ChatCompletionStreamOptions.builder()
            .includeUsage(true).build()).build())) {
      s.stream().forEach(chunks::add);
    }
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(16);
  }

  @Test
  void streamedToolCallArgumentsReassemble() throws Exception {
    FunctionDefinition weather = FunctionDefinition.builder().name("get_weather")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of(
                "city", Map.of("type", "string"), "days", Map.of("type", "integer"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city", "days")))
            .build())
        .build();
    Map<Long, StringBuilder> args = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
        chat("gpt-4o-mini").addFunctionTool(weather).build())) {
      s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().toolCalls().ifPresent(
          calls -> calls.forEach(tc -> {
            tc.function().flatMap(f -> f.name()).ifPresent(n -> names.put(tc.index(), n));
            tc.function().flatMap(f -> f.arguments()).ifPresent(a ->
                args.computeIfAbsent(tc.index(), k -> new StringBuilder()).append(a));
          }))));
    }
    assertThat(names).containsEntry(0L, "get_weather");
    JsonNode parsed = Json.MAPPER.readTree(args.get(0L).toString());
    assertThat(parsed.has("city")).isTrue();
    assertThat(parsed.get("days").isInt()).isTrue();
  }

  @Test
  void embeddingsThroughTheSdk() {
    CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello world").build());
    assertThat(r.data()).hasSize(1);
    assertThat(r.data().get(0).embedding()).hasSize(1536);
  }

  @Test
  void modelsThroughTheSdk() {
    List<String> ids = new ArrayList<>();
    client.models().list().autoPager().forEach(m -> ids.add(m.id()));
    assertThat(ids).contains("gpt-4o-mini", "fast", "azure-gpt");
    Model one = client.models().retrieve("sim/anything-upstream");
    assertThat(one.ownedBy()).isEqualTo("sim");
  }

  @Test
  void anUnknownModelIsA404ThatSaysWhatExists() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-9").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.getMessage()).contains("gpt-9").contains("gpt-4o-mini");
        });
  }

  @Test
  void providerModelAddressingReachesTheProvider() throws Exception {
    ChatCompletion c = client.chat().completions().create(chat("sim/some-new-model").build());
    assertThat(c.model()).isEqualTo("some-new-model");
  }

  @Test
  void azureDeploymentsAreCalledTheAzureWay() {
    client.chat().completions().create(chat("azure-gpt").build());
    var sent = h.mock.requests().get(h.mock.requests().size() - 1);
    assertThat(sent.path()).isEqualTo("/openai/deployments/my-deployment/chat/completions");
    assertThat(sent.query()).contains("api-version=");
    assertThat(sent.headers().get("api-key")).isEqualTo("azure-key");
  }

  @Test
  void upstreamRateLimitsPassThroughWithRetryAfter() throws Exception {
    h.mock.behavior(new MockBehavior(0, 0, 0, 16, 429, 0, 3, false, -1));
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-4o-mini").build()))
        .isInstanceOf(RateLimitException.class);
    HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).hasValue("3");
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText())
        .isEqualTo("rate_limit_exceeded");
  }

  @Test
  void upstreamServerErrorsBecome502WithTheProvidersMessageKept() throws Exception {
    h.mock.behavior(new MockBehavior(0, 0, 0, 16, 500, 0, 1, false, -1));
    HttpResponse<String> r = h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(502);
    JsonNode err = Json.MAPPER.readTree(r.body()).get("error");
    assertThat(err.get("code").asText()).isEqualTo("upstream_error");
    assertThat(err.at("/upstream/status").asInt()).isEqualTo(500);
  }

  @Test
  void completionsAndImagesPassThrough() throws Exception {
    HttpResponse<String> c = h.post("/v1/completions", "{\"model\":\"gpt-4o-mini\","
        + "\"prompt\":\"Once upon\"}");
    assertThat(c.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(c.body()).get("object").asText())
        .isEqualTo("text_completion");
    HttpResponse<String> i = h.post("/v1/images/generations", "{\"model\":\"dall-e-3\","
        + "\"prompt\":\"a cat\",\"response_format\":\"b64_json\"}");
    assertThat(i.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(i.body()).at("/data/0/b64_json").asText()).isNotEmpty();
  }
}
