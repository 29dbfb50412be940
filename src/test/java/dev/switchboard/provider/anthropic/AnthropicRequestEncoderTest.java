package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.exchange;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.json;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AnthropicRequestEncoderTest {
  private final AnthropicAdapter adapter = new AnthropicAdapter(AnthropicFixtures.CLOCK);

  private JsonNode encode(String openAiJson) {
    return json(adapter.encode(exchange(openAiJson), target("https://api.anthropic.com")).body());
  }

  @Test
  void translatesTheGoldenConversation() {
    String in = new String(AnthropicFixtures.bytes("request-tools.openai.json"));
    assertThat(encode(in)).isEqualTo(json("request-tools.anthropic.json"));
  }

  @Test
  void sendsToMessagesWithAnthropicHeaders() {
    Exchange ex = exchange("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}");
    UpstreamCall call = adapter.encode(ex, target("https://api.anthropic.com"));
    assertThat(call.uri()).isEqualTo("/v1/messages");
    assertThat(call.stream()).isTrue();
    assertThat(call.headers().get("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(call.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(call.headers().get("anthropic-beta")).isEqualTo("x");
    assertThat(call.headers().get("accept")).isEqualTo("text/event-stream");
    assertThat(call.headers().get("authorization")).isNull();
    JsonNode body = json(call.body());
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.has("stream_options")).isFalse();
    assertThat(adapter.encode(ex, target("https://api.anthropic.com/v1/")).uri())
        .isEqualTo("/v1/messages");
    assertThat(adapter.encode(ex, target("http://127.0.0.1:9/anthropic")).uri())
        .isEqualTo("/anthropic/v1/messages");
  }

  @Test
  void defaultsMaxTokensAndPrefersTheNewerLimit() {
    String msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertThat(encode("{\"model\":\"m\"," + msgs + "}").get("max_tokens").asInt())
        .isEqualTo(AnthropicRequestEncoder.DEFAULT_MAX_TOKENS);
    assertThat(encode("{\"model\":\"m\",\"max_tokens\":100," + msgs + "}")
        .get("max_tokens").asInt()).isEqualTo(100);
    assertThat(encode("{\"model\":\"m\",\"max_tokens\":100,\"max_completion_tokens\":200,"
        + msgs + "}").get("max_tokens").asInt()).isEqualTo(200);
    JsonNode plain = encode("{\"model\":\"m\"," + msgs + "}");
    assertThat(plain.has("system")).isFalse();
    assertThat(plain.has("tools")).isFalse();
    assertThat(plain.get("messages").get(0).get("content").get(0).get("text").asText())
        .isEqualTo("hi");
  }

  @Test
  void reasoningEffortBecomesAThinkingBudgetThatLeavesRoomForTheAnswer() {
    String msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    JsonNode high = encode("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"temperature\":0.2,"
        + msgs + "}");
    assertThat(high.at("/thinking/type").asText()).isEqualTo("enabled");
    assertThat(high.at("/thinking/budget_tokens").asInt()).isEqualTo(16384);
    assertThat(high.get("max_tokens").asInt()).isEqualTo(16384 + 4096);
    assertThat(high.has("temperature")).as("thinking does not combine with temperature").isFalse();
    JsonNode tooSmall = encode("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"max_tokens\":500,"
        + msgs + "}");
    assertThat(tooSmall.has("thinking")).isFalse();
  }

  @Test
  void toolChoiceStringsAndStopArrays() {
    String rest = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(encode("{\"model\":\"m\",\"tool_choice\":\"required\"" + rest)
        .get("tool_choice")).isEqualTo(json(io.vertx.core.buffer.Buffer.buffer("{\"type\":\"any\"}")));
    assertThat(encode("{\"model\":\"m\",\"tool_choice\":\"auto\"" + rest)
        .at("/tool_choice/type").asText()).isEqualTo("auto");
    assertThat(encode("{\"model\":\"m\",\"tool_choice\":\"none\",\"parallel_tool_calls\":false"
        + rest).get("tool_choice").toString()).isEqualTo("{\"type\":\"none\"}");
    assertThat(encode("{\"model\":\"m\",\"stop\":[\"a\",\"b\"]" + rest).get("stop_sequences")
        .toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void toolResultsLeadTheirUserTurn() {
    JsonNode sent = encode("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
        + "[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"user\",\"content\":\"note\"},{\"role\":\"tool\",\"tool_call_id\":\"t1\","
        + "\"content\":\"42\"}]}");
    JsonNode turn = sent.at("/messages/1/content");
    assertThat(turn.get(0).get("type").asText()).isEqualTo("tool_result");
    assertThat(turn.get(1).get("text").asText()).isEqualTo("note");
  }

  @Test
  void refusesWhatAnthropicCannotDo() {
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("n");
        });
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
    Exchange embeddings = new Exchange("r", Endpoint.EMBEDDINGS, MultiMap.caseInsensitiveMultiMap(),
        (com.fasterxml.jackson.databind.node.ObjectNode) json(Buffer.buffer("{\"input\":\"x\"}")),
        Buffer.buffer("{}"), 0);
    assertThatThrownBy(() -> adapter.encode(embeddings, target("https://api.anthropic.com")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void signedThinkingBlocksAreReplayedFirstInTheAssistantTurn() {
    JsonNode out = encode("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"ok\","
        + "\"reasoning_content\":\"why\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":"
        + "\"why\",\"signature\":\"sig\"},{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}],"
        + "\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"r\"}]}");
    JsonNode turn = out.at("/messages/1/content");
    assertThat(turn).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "redacted_thinking", "text", "tool_use");
    assertThat(turn.get(0).path("signature").asText()).isEqualTo("sig");
    assertThat(turn.get(1).path("data").asText()).isEqualTo("opaque");
    assertThat(turn.toString()).doesNotContain("reasoning_content");
  }

  @Test
  void aThinkingBlockWithoutItsSignatureIsRefusedNamingTheField() {
    assertThatThrownBy(() -> encode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"ok\",\"thinking_blocks\":"
        + "[{\"type\":\"thinking\",\"thinking\":\"why\"}]}]}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("messages[1].thinking_blocks[0].signature");
        });
  }
}
