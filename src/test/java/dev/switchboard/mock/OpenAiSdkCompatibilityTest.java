package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK parses every simulator answer strictly ({@code validate()}): proof
 * that the wire format is the real one, not just something our own tests accept.
 */
class OpenAiSdkCompatibilityTest {

  static Vertx vertx;
  static MockServer server;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = MockTestSupport.start(vertx,
        MockOptions.defaults().withRequiredApiKey("sk-sdk-test-key"));
    client = OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("sk-sdk-test-key")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    MockTestSupport.await(server.close());
    MockTestSupport.await(vertx.close());
  }

  private static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello SDK");
  }

  @Test
  void chatCompletion() {
    ChatCompletion completion = client.chat().completions().create(chat().n(2).build());

    completion.validate();
    assertThat(completion.choices()).hasSize(2);
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
        text -> assertThat(text).startsWith("This is a simulated response"));
    assertThat(completion.usage()).hasValueSatisfying(
        usage -> assertThat(usage.completionTokens()).isEqualTo(32));
  }

  @Test
  void streamedChatWithUsage() {
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        chat().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
      stream.stream().forEach(chunk -> {
        chunk.validate();
        accumulator.accumulate(chunk);
      });
    }
    ChatCompletion completion = accumulator.chatCompletion();
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
        text -> assertThat(text.split(" ")).hasSize(16));
    assertThat(completion.usage()).hasValueSatisfying(
        usage -> assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + 16));
  }

  @Test
  void streamedToolCall() {
    FunctionDefinition weather = FunctionDefinition.builder()
        .name("get_weather")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(
                Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
        .createStreaming(chat().addFunctionTool(weather).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    ChatCompletionMessageFunctionToolCall call = accumulator.chatCompletion().choices().get(0)
        .message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(MockTestSupport.json(call.function().arguments()).get("city").isTextual()).isTrue();
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello").dimensions(64).build());

    response.validate();
    assertThat(response.data().get(0).embedding()).hasSize(64);
  }

  @Test
  void modelsAndErrors() {
    List<Model> models = client.models().list().data();
    assertThat(models).extracting(Model::id).contains("gpt-4o");

    // Shares the parent's HTTP client, so it needs no closing of its own.
    OpenAIClient limited = client.withOptions(o -> o.putHeader("x-mock-status", "429"));
    assertThatThrownBy(() -> limited.chat().completions().create(chat().build()))
        .isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.code()).hasValue("rate_limit_exceeded"));
  }
}
