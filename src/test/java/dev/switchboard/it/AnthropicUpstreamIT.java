package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import dev.switchboard.Gateway;
import dev.switchboard.mock.RecordedRequest;
import dev.switchboard.provider.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenAI clients served by an Anthropic upstream: the official OpenAI SDK talks to the gateway,
 * the gateway translates to the Messages API of the simulator (which validates like Anthropic:
 * max_tokens, alternating roles, no unknown fields), and translates back — text, streams, tools.
 */
class AnthropicUpstreamIT {
  private static Sims s;
  private static Gateway g;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    s = Sims.start(1, "sk-ant-test");
    g = s.gateway("""
        routing: {health: {probes: false}}
        providers:
          claude:
            type: anthropic
            base_url: %s
            api_key: sk-ant-test
        models:
          sonnet: {provider: claude, model: claude-sonnet-4}
        """.formatted(s.sim('a').baseUrl().replaceAll("/v1$", "")));
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port() + "/v1")
        .apiKey("unused").maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static RecordedRequest lastUpstream() {
    var all = s.sim('a').requests();
    return all.get(all.size() - 1);
  }

  @Test
  void aChatCompletionIsAnsweredByTheMessagesApi() throws Exception {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("sonnet").addSystemMessage("Be brief.").addUserMessage("Say hello").build());
    assertThat(c.choices().get(0).message().content()).isPresent();
    assertThat(c.usage().orElseThrow().completionTokens()).isPositive();
    RecordedRequest sent = lastUpstream();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    var body = Json.MAPPER.readTree(sent.body());
    assertThat(body.path("system").asText()).contains("Be brief.");
    assertThat(body.path("max_tokens").asInt()).isPositive();
    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4");
  }

  @Test
  void aStreamArrivesAsOpenAiChunks() {
    StringBuilder text = new StringBuilder();
    try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams
        .builder().model("sonnet").addUserMessage("Tell me something").build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(ch ->
          ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isNotBlank();
  }

  @Test
  void toolCallsComeBackAsOpenAiToolCalls() {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("sonnet").addUserMessage("What is the weather in Paris? Use the tool.")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("get_weather").description("Weather of a city")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                    Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(java.util.List.of("city")))
                .build()).build()).build())
        .build());
    var call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).contains("city");
    assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
  }
}
