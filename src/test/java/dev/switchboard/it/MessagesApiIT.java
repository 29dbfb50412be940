package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic-compatible {@code /v1/messages} driven by the official Anthropic Java SDK, served
 * by an OpenAI-compatible upstream through translation: text, streams rebuilt by the SDK's own
 * accumulator, tool use, token counting and errors in Anthropic's envelope.
 */
class MessagesApiIT {
  private static Harness h;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    h = Harness.start("");
    client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + h.gateway.port())
        .apiKey("unused").maxRetries(0).timeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    h.close();
  }

  private static MessageCreateParams.Builder hello() {
    return MessageCreateParams.builder().model("gpt-4o-mini").maxTokens(256)
        .system("You are terse.").addUserMessage("Hello from the Anthropic SDK");
  }

  private static MessageCreateParams.Builder weather() {
    return hello().addTool(Tool.builder().name("get_weather").description("Current weather")
        .inputSchema(Tool.InputSchema.builder()
            .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .required(List.of("city")).build())
        .build());
  }

  @Test
  void aMessageIsAnsweredByAnOpenAiModel() throws Exception {
    Message m = client.messages().create(hello().build());
    m.validate();
    assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(m.content().get(0).asText().text()).isNotBlank();
    assertThat(m.usage().outputTokens()).isPositive();
    var sent = Json.MAPPER.readTree(h.mock.requests().get(h.mock.requests().size() - 1).body());
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);
  }

  @Test
  void aStreamIsRebuiltByTheSdksAccumulator() {
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages()
        .createStreaming(hello().build())) {
      s.stream().forEach(acc::accumulate);
    }
    Message m = acc.message();
    assertThat(m.content().get(0).asText().text()).isNotBlank();
    assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(m.usage().outputTokens()).isPositive();
  }

  @Test
  void toolUseComesBackAsToolUseBlocksJsonAndStreamed() {
    Message m = client.messages().create(weather().build());
    assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);
    ToolUseBlock call = m.content().stream().filter(b -> b.isToolUse()).findFirst()
        .orElseThrow().asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().convert(Map.class)).containsKey("city");

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages()
        .createStreaming(weather().build())) {
      s.stream().forEach(acc::accumulate);
    }
    ToolUseBlock streamed = acc.message().content().stream().filter(b -> b.isToolUse())
        .findFirst().orElseThrow().asToolUse();
    assertThat(streamed._input().convert(Map.class)).containsKey("city");
  }

  @Test
  void tokensAreCountedAndErrorsUseAnthropicsEnvelope() throws Exception {
    assertThat(client.messages().countTokens(MessageCountTokensParams.builder()
        .model("gpt-4o-mini").addUserMessage("Hello there").build()).inputTokens()).isPositive();
    assertThatThrownBy(() -> client.messages().create(hello().model("no-such-model").build()))
        .isInstanceOf(NotFoundException.class);
    HttpResponse<String> noMax = h.post("/v1/messages", "{\"model\":\"gpt-4o-mini\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(noMax.statusCode()).isEqualTo(400);
    var err = Json.MAPPER.readTree(noMax.body());
    assertThat(err.path("type").asText()).isEqualTo("error");
    assertThat(err.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(err.at("/error/message").asText()).contains("max_tokens");
  }
}
