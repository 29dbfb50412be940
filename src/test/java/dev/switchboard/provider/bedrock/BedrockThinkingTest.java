package dev.switchboard.provider.bedrock;

import static dev.switchboard.provider.bedrock.BedrockFixtures.bytes;
import static dev.switchboard.provider.bedrock.BedrockFixtures.exchange;
import static dev.switchboard.provider.bedrock.BedrockFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claude's extended thinking through the Bedrock adapter: request, answer, stream, replay. */
class BedrockThinkingTest {
  private static final String ASK = "{\"reasoning_effort\":\"medium\",\"temperature\":0.3,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private final BedrockAdapter adapter =
      new BedrockAdapter(Map.of("aws", BedrockFixtures.KEYS), BedrockFixtures.CLOCK);

  private JsonNode encode(String openAiJson, String model) {
    UpstreamTarget target = UpstreamTarget.of("aws", "bedrock",
        "https://bedrock-runtime.us-east-1.amazonaws.com", "", "", Map.of(), model);
    return json(adapter.encode(exchange(openAiJson), target).body());
  }

  @Test
  void reasoningEffortAsksAClaudeModelToThinkWithRoomForTheAnswer() {
    JsonNode body = encode(ASK, "us.anthropic.claude-sonnet-4-20250514-v1:0");
    assertThat(body.at("/additionalModelRequestFields/thinking/type").asText())
        .isEqualTo("enabled");
    assertThat(body.at("/additionalModelRequestFields/thinking/budget_tokens").asInt())
        .isEqualTo(4096);
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(4096 + 4096);
    // Claude refuses sampling changes while thinking.
    assertThat(body.at("/inferenceConfig").has("temperature")).isFalse();
  }

  @Test
  void otherModelsAndTooSmallLimitsGetNoThinking() {
    JsonNode nova = encode(ASK, "amazon.nova-pro-v1:0");
    assertThat(nova.has("additionalModelRequestFields")).isFalse();
    assertThat(nova.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.3);
    JsonNode small = encode(ASK.replace("{", "{\"max_tokens\":2000,"), BedrockFixtures.MODEL);
    assertThat(small.has("additionalModelRequestFields")).isFalse();
    assertThat(small.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(2000);
  }

  @Test
  void thinkingBlocksSentBackAreReplayedAsReasoningBeforeTheToolUse() {
    JsonNode body = encode("""
        {"reasoning_effort":"low","tools":[{"type":"function","function":{"name":"f"}}],
         "messages":[{"role":"user","content":"hi"},
          {"role":"assistant","content":null,
           "thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"sig"},
                              {"type":"redacted_thinking","data":"opaque"}],
           "tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"t1","content":"ok"}]}""", BedrockFixtures.MODEL);
    JsonNode turn = body.at("/messages/1/content");
    assertThat(turn.at("/0/reasoningContent/reasoningText/text").asText()).isEqualTo("hmm");
    assertThat(turn.at("/0/reasoningContent/reasoningText/signature").asText()).isEqualTo("sig");
    assertThat(turn.at("/1/reasoningContent/redactedContent").asText()).isEqualTo("opaque");
    assertThat(turn.at("/2/toolUse/toolUseId").asText()).isEqualTo("t1");
    assertThatThrownBy(() -> encode(ASK.replace("\"content\":\"hi\"}", "\"content\":\"hi\"},"
        + "{\"role\":\"assistant\",\"content\":\"x\",\"thinking_blocks\":[{\"type\":"
        + "\"thinking\",\"thinking\":\"hmm\"}]}"), BedrockFixtures.MODEL))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining("'signature'");
  }

  @Test
  void reasoningInAnAnswerBecomesReasoningContentAndSignedThinkingBlocks() throws Exception {
    JsonNode message = Json.MAPPER.readTree(BedrockResponseDecoder.decode(
        bytes("response-reasoning.converse.json"), "chatcmpl-test", BedrockFixtures.MODEL,
        BedrockFixtures.CREATED).body()).at("/choices/0/message");
    assertThat(message.get("reasoning_content").asText())
        .isEqualTo("The user wants the weather. I should call the tool.");
    assertThat(message.get("thinking_blocks")).isEqualTo(Json.MAPPER.readTree("""
        [{"type":"thinking","thinking":"The user wants the weather. I should call the tool.",
          "signature":"EqQBCkYIBxgCKkA3sig"},
         {"type":"redacted_thinking","data":"ZW5jcnlwdGVkIHJlYXNvbmluZw=="}]"""));
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("tooluse_r1");
  }

  @Test
  void aStreamCarriesReasoningDeltasThenEachWholeBlockOnceSigned() throws Exception {
    BedrockStreamDecoder d = new BedrockStreamDecoder(false, "chatcmpl-test",
        BedrockFixtures.MODEL, BedrockFixtures.CREATED);
    List<JsonNode> deltas = new ArrayList<>();
    d.feed(Buffer.buffer(BedrockFixtures.stream("stream-reasoning.events.json")),
        c -> deltas.add(parse(c).at("/choices/0/delta")));
    StringBuilder reasoning = new StringBuilder();
    List<JsonNode> blocks = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (JsonNode delta : deltas) {
      reasoning.append(delta.path("reasoning_content").asText(""));
      delta.path("thinking_blocks").forEach(blocks::add);
      text.append(delta.path("content").asText(""));
    }
    assertThat(reasoning.toString()).isEqualTo("The user wants the weather.");
    assertThat(blocks).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "redacted_thinking");
    assertThat(blocks.get(0).path("thinking").asText()).isEqualTo("The user wants the weather.");
    assertThat(blocks.get(0).path("signature").asText()).isEqualTo("EqQBCkYIBxgCKkA3sig");
    assertThat(blocks.get(1).path("data").asText()).isEqualTo("ZW5jcnlwdGVkIHJlYXNvbmluZw==");
    assertThat(text.toString()).isEqualTo("Sunny.");
  }

  private static JsonNode parse(Buffer chunk) {
    try {
      return Json.MAPPER.readTree(chunk.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
