package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.bytes;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.exchange;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AnthropicResponseDecoderTest {
  private final AnthropicAdapter adapter = new AnthropicAdapter(AnthropicFixtures.CLOCK);

  private Reply.Complete decode(byte[] body) {
    return adapter.decode(exchange("{\"model\":\"m\",\"messages\":[]}"), 200, Buffer.buffer(body));
  }

  @Test
  void toolUseThinkingAndCachedUsageMatchTheGoldenAnswer() {
    Reply.Complete reply = decode(bytes("response-tool-use.anthropic.json"));
    assertThat(json(reply.body())).isEqualTo(json("response-tool-use.openai.json"));
    assertThat(reply.status()).isEqualTo(200);
    // 472 uncached + 2000 read from the cache + 100 written to it
    assertThat(reply.finalUsage()).isEqualTo(new Usage(2572, 91, 2000, 100, 0, true));
  }

  @Test
  void plainTextEndsWithStop() {
    Reply.Complete reply = decode(bytes("response-text.anthropic.json"));
    JsonNode body = json(reply.body());
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hi! My name is Claude.");
    assertThat(body.at("/choices/0/message").has("tool_calls")).isFalse();
    assertThat(body.at("/choices/0/message").has("reasoning_content")).isFalse();
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(body.path("usage").has("cache_creation_input_tokens")).as("none written").isFalse();
    assertThat(reply.finalUsage()).isEqualTo(new Usage(2095, 503, 0, 0, true));
  }

  @Test
  void stopReasonsMapToOpenAiFinishReasons() {
    assertThat(AnthropicResponseDecoder.finishReason("end_turn")).isEqualTo("stop");
    assertThat(AnthropicResponseDecoder.finishReason("stop_sequence")).isEqualTo("stop");
    assertThat(AnthropicResponseDecoder.finishReason("max_tokens")).isEqualTo("length");
    assertThat(AnthropicResponseDecoder.finishReason("tool_use")).isEqualTo("tool_calls");
    assertThat(AnthropicResponseDecoder.finishReason("refusal")).isEqualTo("content_filter");
  }

  @Test
  void toolOnlyAnswerHasNullContentAndMissingUsageIsUnknown() {
    Reply.Complete reply = decode(("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"c\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\","
        + "\"input\":{}}],\"stop_reason\":\"tool_use\"}").getBytes());
    JsonNode message = json(reply.body()).at("/choices/0/message");
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
    assertThat(reply.finalUsage().reported()).isFalse();
  }

  @Test
  void anAnswerThatIsNotAMessageFails() {
    assertThatThrownBy(() -> decode("<html>".getBytes()))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void usageKeepsTheOneHourCacheWritesApart() throws Exception {
    JsonNode u = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(
        "{\"input_tokens\":10,\"cache_read_input_tokens\":20,\"cache_creation_input_tokens\":30,"
        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":5,\"ephemeral_1h_input_tokens\":25},"
        + "\"output_tokens\":4}");
    assertThat(AnthropicResponseDecoder.usage(u)).isEqualTo(new Usage(60, 4, 20, 30, 25, 0, true));
    // Without the breakdown every write is taken as a default (5-minute) one.
    ((com.fasterxml.jackson.databind.node.ObjectNode) u).remove("cache_creation");
    assertThat(AnthropicResponseDecoder.usage(u)).isEqualTo(new Usage(60, 4, 20, 30, 0, 0, true));
  }
}
