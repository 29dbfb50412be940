package dev.switchboard.provider.bedrock;

import static dev.switchboard.provider.bedrock.BedrockFixtures.bytes;
import static dev.switchboard.provider.bedrock.BedrockFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BedrockResponseDecoderTest {

  private static BedrockResponseDecoder.Decoded decode(byte[] body) {
    return BedrockResponseDecoder.decode(body, "chatcmpl-test", BedrockFixtures.MODEL,
        BedrockFixtures.CREATED);
  }

  @Test
  void aTextAnswerMatchesTheGoldenCompletionWithCacheTokensInTheUsage() throws Exception {
    BedrockResponseDecoder.Decoded d = decode(bytes("response-text.converse.json"));
    assertThat(Json.MAPPER.readTree(d.body())).isEqualTo(json("response-text.openai.json"));
    // 125 uncached + 80 read from the cache + 20 written to it
    assertThat(d.usage()).isEqualTo(new Usage(225, 60, 80, 20, 0, true));
    // emoji stay UTF-8, as the provider sent them
    assertThat(new String(d.body(), StandardCharsets.UTF_8)).contains("☀️");
  }

  @Test
  void toolUseBlocksBecomeToolCallsKeepingBedrocksIds() throws Exception {
    JsonNode out = Json.MAPPER.readTree(decode(bytes("response-tool-use.converse.json")).body());
    JsonNode message = out.at("/choices/0/message");
    assertThat(message.get("content").asText()).isEqualTo("I'll look up the weather.");
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
    assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(Json.MAPPER.readTree(message.at("/tool_calls/1/function/arguments").asText())
        .get("city").asText()).isEqualTo("Oslo");
    assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(490);
  }

  @Test
  void everyStopReasonHasAFinishReason() {
    assertThat(BedrockResponseDecoder.finishReason("end_turn")).isEqualTo("stop");
    assertThat(BedrockResponseDecoder.finishReason("stop_sequence")).isEqualTo("stop");
    assertThat(BedrockResponseDecoder.finishReason("tool_use")).isEqualTo("tool_calls");
    assertThat(BedrockResponseDecoder.finishReason("max_tokens")).isEqualTo("length");
    assertThat(BedrockResponseDecoder.finishReason("guardrail_intervened"))
        .isEqualTo("content_filter");
    assertThat(BedrockResponseDecoder.finishReason("content_filtered"))
        .isEqualTo("content_filter");
  }

  @Test
  void anAnswerWithoutOutputIsAnUpstreamError() {
    assertThatThrownBy(() -> decode("{\"stopReason\":\"end_turn\"}".getBytes()))
        .isInstanceOf(GatewayException.class).hasMessageContaining("output.message");
    assertThatThrownBy(() -> decode(Buffer.buffer("not json").getBytes()))
        .isInstanceOf(GatewayException.class).hasMessageContaining("not JSON");
  }
}
