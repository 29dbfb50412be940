package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK against the simulator (with a required key, which SDK 3.12 sends
 * as a bearer token): it parses answers and stream events strictly, proof that the wire format is
 * Anthropic's and not merely something our own tests accept.
 */
class MockAnthropicSdkTest {

  static Vertx vertx;
  static MockServer server;
  static AnthropicClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = MockTestSupport.start(vertx,
        MockOptions.defaults().withRequiredApiKey("sk-ant-sdk-key"));
    client = AnthropicOkHttpClient.builder()
        .baseUrl(MockTestSupport.origin(server))
        .apiKey("sk-ant-sdk-key")
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

  @BeforeEach
  void reset() {
    server.behavior(MockBehavior.defaults());
  }

  private static MessageCreateParams.Builder hello() {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(1024)
        .system("You are terse.")
        .addUserMessage("Hello SDK");
  }

  private static MessageCreateParams.Builder weather() {
    Tool tool = Tool.builder()
        .name("get_weather")
        .description("Current weather")
        .inputSchema(Tool.InputSchema.builder()
            .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .required(List.of("city"))
            .build())
        .build();
    return hello().addTool(tool);
  }

  @Test
  void textMessage() {
    Message message = client.messages().create(hello().build());

    message.validate();
    assertThat(message.id()).startsWith("msg_");
    assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(message.content()).singleElement().satisfies(block ->
        assertThat(block.asText().text()).startsWith("This is a simulated response"));
    assertThat(message.usage().outputTokens()).isEqualTo(16);
    assertThat(message.usage().inputTokens()).isPositive();
  }

  @Test
  void toolUseMessage() {
    Message message = client.messages().create(weather().build());

    message.validate();
    assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
    ToolUseBlock call = message.content().get(0).asToolUse();
    assertThat(call.id()).startsWith("toolu_");
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().convert(Map.class)).containsKey("city");
  }

  @Test
  void streamedTextAccumulatesToTheSameMessage() {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(hello().build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    message.validate();
    assertThat(message.content().get(0).asText().text())
        .isEqualTo(client.messages().create(hello().build()).content().get(0).asText().text());
    assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isEqualTo(16);
  }

  @Test
  void streamedToolUseAccumulatesItsInput() {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(weather().build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
    ToolUseBlock call = message.content().get(0).asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().convert(Map.class)).containsKey("city");
  }

  @Test
  void countTokens() {
    long tokens = client.messages().countTokens(MessageCountTokensParams.builder()
        .model("claude-sonnet-4-5").addUserMessage("Hello SDK").build()).inputTokens();

    assertThat(tokens).isPositive();
  }

  @Test
  void injectedErrorsSurfaceAsTheSdkTypedExceptions() {
    server.behavior(MockBehavior.defaults().merge(
        MockTestSupport.json("{\"status\":429,\"retry_after_seconds\":3}"), MockTestSupport.JSON));
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOf(RateLimitException.class);

    server.behavior(MockBehavior.defaults().merge(
        MockTestSupport.json("{\"status\":529}"), MockTestSupport.JSON));
    assertThatThrownBy(() -> client.messages().create(hello().build()))
        .isInstanceOfSatisfying(AnthropicServiceException.class,
            e -> assertThat(e.statusCode()).isEqualTo(529));
  }
}
