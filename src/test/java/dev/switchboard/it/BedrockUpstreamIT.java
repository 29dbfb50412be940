package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.switchboard.Gateway;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.mock.RecordedRequest;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients served by an Amazon Bedrock upstream: the official OpenAI SDK (chat completions) and
 * the official Anthropic SDK ({@code /v1/messages}) talk to the gateway, which translates to
 * Converse / ConverseStream on the simulator. The simulator verifies every request's SigV4
 * signature with the AWS SDK signer and validates the body like Bedrock, and streams AWS
 * event-stream frames — text, tools with streamed arguments, usage, throttling and bad keys.
 */
class BedrockUpstreamIT {
  private static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
  private static Sims s;
  private static Gateway g;
  private static OpenAIClient client;
  private static AnthropicClient anthropic;

  @BeforeAll
  static void start() {
    s = Sims.start(2);
    String bedrockUrl = s.sim('a').baseUrl().replaceAll("/v1$", "");
    g = s.gateway("""
        routing: {health: {probes: true, probe_interval: 1s}, backoff_initial: 10ms,
          backoff_max: 20ms, retry_after_cap: 20ms}
        providers:
          aws:
            type: bedrock
            region: eu-west-1
            base_url: %1$s
            aws_access_key_id: AKIDSIMULATOR
            aws_secret_access_key: simulator-secret
          aws-wrong-secret:
            type: bedrock
            region: eu-west-1
            base_url: %1$s
            aws_access_key_id: AKIDSIMULATOR
            aws_secret_access_key: not-the-secret
          backup:
            type: openai
            base_url: %2$s
        models:
          claude: {provider: aws, model: "%3$s"}
          claude-bad-key: {provider: aws-wrong-secret, model: "%3$s"}
          gpt: {provider: backup, model: gpt-4o-mini}
          claude-or-gpt:
            deployments: [{provider: aws, model: "%3$s"}]
            fallbacks: [gpt]
        """.formatted(bedrockUrl, s.sim('b').baseUrl(), MODEL));
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port() + "/v1")
        .apiKey("unused").maxRetries(0).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port())
        .apiKey("unused").maxRetries(0).timeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    anthropic.close();
    s.close();
  }

  @AfterEach
  void normalBehaviour() {
    s.sim('a').behavior(MockBehavior.defaults());
  }

  private static RecordedRequest lastBedrockRequest() {
    var all = s.sim('a').requests();
    return all.get(all.size() - 1);
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Weather of a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build()).build()).build();
  }

  @Test
  void aChatCompletionIsAnsweredByASignedConverseCall() throws Exception {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude").addSystemMessage("Be brief.").addUserMessage("Say hello")
        .maxCompletionTokens(64).temperature(0.5).build());
    assertThat(c.choices().get(0).message().content()).hasValueSatisfying(
        t -> assertThat(t).isNotBlank());
    assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("stop");
    assertThat(c.usage().orElseThrow().completionTokens()).isPositive();
    assertThat(c.usage().orElseThrow().promptTokens()).isPositive();
    RecordedRequest sent = lastBedrockRequest();
    assertThat(sent.path()).isEqualTo(
        "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
    assertThat(sent.header("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/")
        .contains("/eu-west-1/bedrock/aws4_request");
    var body = Json.MAPPER.readTree(sent.body());
    assertThat(body.at("/system/0/text").asText()).isEqualTo("Be brief.");
    assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("Say hello");
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(64);
  }

  @Test
  void aStreamArrivesAsOpenAiChunksWithUsage() {
    StringBuilder text = new StringBuilder();
    AtomicReference<Long> completionTokens = new AtomicReference<>();
    List<String> finishes = new ArrayList<>();
    try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams
        .builder().model("claude").addUserMessage("Tell me something")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build())) {
      stream.stream().forEach(chunk -> {
        chunk.choices().forEach(ch -> {
          ch.delta().content().ifPresent(text::append);
          ch.finishReason().ifPresent(f -> finishes.add(f.asString()));
        });
        chunk.usage().ifPresent(u -> completionTokens.set(u.completionTokens()));
      });
    }
    assertThat(text.toString()).isNotBlank();
    assertThat(finishes).containsExactly("stop");
    assertThat(completionTokens.get()).isEqualTo(16L); // the simulator's default answer size
    assertThat(lastBedrockRequest().path()).endsWith("/converse-stream");
  }

  @Test
  void toolCallsComeBackWholeAndStreamedInFragments() throws Exception {
    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude").addUserMessage("What is the weather in Paris? Use the tool.")
        .addTool(weatherTool()).build());
    var call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(Json.MAPPER.readTree(call.function().arguments()).has("city")).isTrue();
    assertThat(call.id()).startsWith("tooluse_");
    assertThat(c.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
    var toolConfig = Json.MAPPER.readTree(lastBedrockRequest().body()).path("toolConfig");
    assertThat(toolConfig.at("/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
    assertThat(toolConfig.at("/tools/0/toolSpec/inputSchema/json/type").asText())
        .isEqualTo("object");

    List<String> fragments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams
        .builder().model("claude").addUserMessage("Weather in Oslo?").addTool(weatherTool())
        .build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(ch ->
          ch.delta().toolCalls().ifPresent(calls -> calls.forEach(tc -> tc.function()
              .ifPresent(f -> {
                f.name().ifPresent(names::add);
                f.arguments().filter(a -> !a.isEmpty()).ifPresent(fragments::add);
              })))));
    }
    assertThat(names).containsExactly("get_weather");
    assertThat(fragments).hasSizeGreaterThan(1);
    assertThat(Json.MAPPER.readTree(String.join("", fragments)).has("city")).isTrue();
  }

  @Test
  void aToolResultIsSentBackAsAToolResultBlockOfAUserTurn() throws Exception {
    HttpResponse<String> r = s.post(g, "/v1/chat/completions", """
        {"model":"claude","tools":[{"type":"function","function":{"name":"get_weather",
         "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
         "messages":[{"role":"user","content":"Weather in Oslo?"},
          {"role":"assistant","content":null,"tool_calls":[{"id":"tooluse_1","type":"function",
           "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
          {"role":"tool","tool_call_id":"tooluse_1","content":"12 degrees"}]}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).at("/choices/0/message/content").asText())
        .isNotBlank();
    var messages = Json.MAPPER.readTree(lastBedrockRequest().body()).path("messages");
    assertThat(messages.at("/1/content/0/toolUse/input/city").asText()).isEqualTo("Oslo");
    assertThat(messages.at("/2/role").asText()).isEqualTo("user");
    assertThat(messages.at("/2/content/0/toolResult/toolUseId").asText()).isEqualTo("tooluse_1");
  }

  @Test
  void throttlingIsARetryableRateLimitThatFallsBack() throws Exception {
    s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 429, 0, 1, false, -1));
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("claude").addUserMessage("hi").build()))
        .isInstanceOf(RateLimitException.class);
    HttpResponse<String> direct = s.chat(g, "claude");
    assertThat(direct.statusCode()).isEqualTo(429);
    assertThat(direct.headers().firstValue("retry-after")).hasValue("1");
    assertThat(Json.MAPPER.readTree(direct.body()).at("/error/message").asText())
        .contains("Too many requests");
    HttpResponse<String> fallback = s.chat(g, "claude-or-gpt");
    assertThat(fallback.statusCode()).isEqualTo(200);
    assertThat(Sims.served(fallback)).startsWith("backup/");
  }

  @Test
  void anExceptionFrameMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
    s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 429, 0, 1, false, 4));
    HttpResponse<String> r = s.post(g, "/v1/chat/completions", "{\"model\":\"claude\","
        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"role\":\"assistant\"").contains("data: {\"error\":")
        .contains("throttlingException").doesNotContain("[DONE]");
  }

  @Test
  void aWrongSecretIsRejectedByTheSignatureCheck() throws Exception {
    HttpResponse<String> r = s.chat(g, "claude-bad-key");
    assertThat(r.statusCode()).isEqualTo(502);
    var err = Json.MAPPER.readTree(r.body()).get("error");
    assertThat(err.get("code").asText()).isEqualTo("upstream_authentication_error");
    assertThat(err.get("message").asText()).contains("signature");
  }

  @Test
  void theAnthropicSdkIsServedByBedrockTooTextAndStream() {
    MessageCreateParams params = MessageCreateParams.builder().model("claude").maxTokens(128)
        .system("You are terse.").addUserMessage("Hello from the Anthropic SDK").build();
    Message m = anthropic.messages().create(params);
    m.validate();
    assertThat(m.content().get(0).asText().text()).isNotBlank();
    assertThat(m.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(m.usage().outputTokens()).isPositive();

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages()
        .createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    assertThat(acc.message().content().get(0).asText().text()).isNotBlank();
    assertThat(acc.message().stopReason()).hasValue(StopReason.END_TURN);
    assertThat(lastBedrockRequest().path()).endsWith("/converse-stream");
  }
}
