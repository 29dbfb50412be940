package dev.switchboard.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thinking across the Anthropic edge: request settings, history, answers and stream events. */
class MessagesThinkingTest {
  private static ObjectNode json(String s) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(s);
  }

  @Test
  void thinkingBecomesAReasoningEffortAndItsHistoryThinkingBlocks() throws Exception {
    ObjectNode out = MessagesRequest.toOpenAi(json("""
        {"model":"m","max_tokens":20000,"thinking":{"type":"enabled","budget_tokens":5000},
         "messages":[{"role":"user","content":"q"},
          {"role":"assistant","content":[
            {"type":"thinking","thinking":"hmm","signature":"sig"},
            {"type":"redacted_thinking","data":"opaque"},
            {"type":"tool_use","id":"t1","name":"w","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]}
        """));
    assertThat(out.path("reasoning_effort").asText()).isEqualTo("medium");
    JsonNode assistant = out.at("/messages/1");
    assertThat(assistant.path("reasoning_content").asText()).isEqualTo("hmm");
    assertThat(assistant.path("thinking_blocks")).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "redacted_thinking");
    assertThat(assistant.at("/thinking_blocks/0/signature").asText()).isEqualTo("sig");
  }

  @Test
  void budgetsAnthropicRefusesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> MessagesRequest.toOpenAi(json("""
        {"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":2000},
         "messages":[{"role":"user","content":"q"}]}""")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("thinking.budget_tokens");
        });
  }

  @Test
  void signedThinkingComesFirstInTheAnswer() throws Exception {
    Buffer out = MessagesResponse.fromOpenAi(Buffer.buffer("""
        {"id":"x","choices":[{"finish_reason":"stop","message":{"role":"assistant",
         "content":"hi","reasoning_content":"hmm",
         "thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"sig"}]}}],
         "usage":{"prompt_tokens":3,"completion_tokens":2}}"""), "m");
    JsonNode content = Json.MAPPER.readTree(out.getBytes()).path("content");
    assertThat(content).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "text");
    assertThat(content.at("/0/signature").asText()).isEqualTo("sig");
  }

  @Test
  void streamedReasoningBecomesAThinkingBlockClosedByItsSignature() {
    List<JsonNode> events = new ArrayList<>();
    MessagesEvents ev = new MessagesEvents("m", b -> {
      String s = b.toString();
      try {
        events.add(Json.MAPPER.readTree(s.substring(s.indexOf("data: ") + 6).trim()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ev.chunk(chunk("{\"reasoning_content\":\"hm\"}"));
    ev.chunk(chunk("{\"reasoning_content\":\"m\"}"));
    ev.chunk(chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"hmm\","
        + "\"signature\":\"sig\"}]}"));
    ev.chunk(chunk("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}]}"));
    ev.chunk(chunk("{\"content\":\"hi\"}"));
    ev.end();
    List<String> shape = events.stream().map(e -> e.path("type").asText()
        + (e.has("content_block") ? ":" + e.at("/content_block/type").asText() : "")
        + (e.has("delta") && e.at("/delta/type").isTextual() ? ":" + e.at("/delta/type").asText()
            : "")).toList();
    assertThat(shape).containsExactly("message_start", "ping",
        "content_block_start:thinking", "content_block_delta:thinking_delta",
        "content_block_delta:thinking_delta", "content_block_delta:signature_delta",
        "content_block_stop", "content_block_start:redacted_thinking", "content_block_stop",
        "content_block_start:text", "content_block_delta:text_delta", "content_block_stop",
        "message_delta", "message_stop");
  }

  private static Buffer chunk(String delta) {
    return Buffer.buffer("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"finish_reason\":null}]}");
  }
}
