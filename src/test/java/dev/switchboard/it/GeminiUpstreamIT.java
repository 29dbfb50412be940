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
 * OpenAI clients served by a Gemini upstream: the official OpenAI SDK talks to the gateway,
 * the gateway translates to generateContent on the simulator (which validates like Gemini:
 * roles, known parts, no unknown fields), and translates back — text, streams, tools.
 */
class GeminiUpstreamIT {
  private static Sims s;
  private static Gateway g;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    s = Sims.start(1, "sk-gem-test");
    g = s.gateway("""
        routing: {health: {probes: false}}
        providers:
          google:
            type: gemini
            base_url: %s
            api_key: sk-gem-test
        models:
          flash: {provider: google, model: gemini-2.0-flash}
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
  void aChatCompletionIsAnsweredByGenerateContent() throws Exception {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("flash").addSystemMessage("Be brief.").addUserMessage("Say hello").build());
    assertThat(c.choices().get(0).message().content()).isPresent();
    assertThat(c.usage().orElseThrow().completionTokens()).isPositive();
    RecordedRequest sent = lastUpstream();
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(sent.header("x-goog-api-key")).isEqualTo("sk-gem-test");
    var body = Json.MAPPER.readTree(sent.body());
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).contains("Be brief.");
    assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
  }

  @Test
  void aStreamArrivesAsOpenAiChunks() {
    StringBuilder text = new StringBuilder();
    try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams
        .builder().model("flash").addUserMessage("Tell me something").build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(ch ->
          ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isNotBlank();
  }

  @Test
  void toolCallsComeBackAsOpenAiToolCalls() {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("flash").addUserMessage("What is the weather in Paris? Use the tool.")
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
