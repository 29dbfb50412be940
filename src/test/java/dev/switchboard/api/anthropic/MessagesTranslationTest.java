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

/** Anthropic requests to the canonical form, and canonical answers and chunks back. */
class MessagesTranslationTest {
  private static ObjectNode json(String s) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(s);
  }

  @Test
  void aConversationWithToolsImagesAndResultsBecomesOpenAiMessages() throws Exception {
    ObjectNode out = MessagesRequest.toOpenAi(json("""
        {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Be kind."}],
         "stop_sequences":["END"],"metadata":{"user_id":"u1"},
         "tools":[{"name":"w","description":"weather","input_schema":{"type":"object"}}],
         "tool_choice":{"type":"tool","name":"w"},
         "messages":[
          {"role":"user","content":[{"type":"text","text":"Look"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}}]},
          {"role":"assistant","content":[{"type":"text","text":"Checking"},
            {"type":"tool_use","id":"toolu_1","name":"w","input":{"city":"Paris"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
            "content":[{"type":"text","text":"sunny"}]}]}]}"""));
    JsonNode m = out.get("messages");
    assertThat(m.get(0).path("role").asText()).isEqualTo("system");
    assertThat(m.get(0).path("content").asText()).isEqualTo("Be kind.");
    assertThat(m.get(1).at("/content/1/image_url/url").asText())
        .isEqualTo("data:image/png;base64,AAA");
    assertThat(m.get(2).at("/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(m.get(3).path("role").asText()).isEqualTo("tool");
    assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("toolu_1");
    assertThat(m.get(3).path("content").asText()).isEqualTo("sunny");
    assertThat(out.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
    assertThat(out.at("/tool_choice/function/name").asText()).isEqualTo("w");
    assertThat(out.at("/stop/0").asText()).isEqualTo("END");
    assertThat(out.path("user").asText()).isEqualTo("u1");
  }

  @Test
  void whatAnthropicRefusesIsRefused() {
    assertThatThrownBy(() -> MessagesRequest.toOpenAi(json(
        "{\"model\":\"m\",\"messages\":[]}"))).isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("max_tokens"));
    assertThatThrownBy(() -> MessagesRequest.toOpenAi(json("{\"model\":\"m\",\"max_tokens\":1,"
        + "\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}")))
        .hasMessageContaining("'user', 'assistant' or 'system'; got 'tool'");
  }

  @Test
  void anAnthropicUpstreamsMessageIdIsKeptAsItIs() {
    assertThat(MessagesResponse.messageId("msg_01Aq9w938")).isEqualTo("msg_01Aq9w938");
    assertThat(MessagesResponse.messageId("chatcmpl-7")).isEqualTo("msg_chatcmpl-7");
  }

  @Test
  void claudeCodesRequestShapeTranslates() throws Exception {
    // The shape Claude Code 2.1 sends (captured, trimmed): a system message between turns,
    // adaptive thinking with its effort in output_config, context_management, cache_control.
    ObjectNode out = MessagesRequest.toOpenAi(json("""
        {"model":"m","max_tokens":32000,"stream":true,
         "system":[{"type":"text","text":"You are an agent."},
                   {"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
         "messages":[
          {"role":"user","content":[{"type":"text","text":"<system-reminder>x</system-reminder>"}]},
          {"role":"system","content":[{"type":"text","text":"# Environment: linux"}]},
          {"role":"user","content":[{"type":"text","text":"Say hello",
                                     "cache_control":{"type":"ephemeral"}}]}],
         "thinking":{"type":"adaptive","display":"omitted"},
         "output_config":{"effort":"high"},
         "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
         "metadata":{"user_id":"{\\"session_id\\":\\"abc\\"}"}}"""));
    var m = out.get("messages");
    assertThat(m.get(0).path("role").asText()).isEqualTo("system");
    assertThat(m.get(0).path("content").asText()).isEqualTo("You are an agent.Be brief.");
    assertThat(m.get(1).path("role").asText()).isEqualTo("user");
    assertThat(m.get(2).path("role").asText()).isEqualTo("system");
    assertThat(m.get(2).path("content").asText()).isEqualTo("# Environment: linux");
    assertThat(m.get(3).path("role").asText()).isEqualTo("user");
    assertThat(out.path("reasoning_effort").asText()).isEqualTo("high");
    assertThat(out.has("context_management")).isFalse();
    assertThat(out.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void anAnswerWithToolCallsBecomesToolUseBlocks() throws Exception {
    Buffer in = Buffer.buffer("""
        {"id":"chatcmpl-1","choices":[{"index":0,"finish_reason":"tool_calls","message":{
          "role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
          "function":{"name":"w","arguments":"{\\"city\\":\\"Rome\\"}"}}]}}],
         "usage":{"prompt_tokens":20,"completion_tokens":5,
          "prompt_tokens_details":{"cached_tokens":8}}}""");
    JsonNode out = Json.MAPPER.readTree(MessagesResponse.fromOpenAi(in, "claude-x").getBytes());
    assertThat(out.path("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(out.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(out.at("/content/0/input/city").asText()).isEqualTo("Rome");
    assertThat(out.at("/usage/input_tokens").asInt()).isEqualTo(12);
    assertThat(out.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void chunksBecomeTheDocumentedEventSequence() {
    List<String> events = new ArrayList<>();
    MessagesEvents ev = new MessagesEvents("m", b -> events.add(b.toString()));
    for (String c : new String[] {
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"\"}}]}}]}",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}]}}]}",
        "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
        "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}"}) {
      ev.chunk(Buffer.buffer(c));
    }
    ev.end();
    List<String> names = events.stream().map(e -> e.substring(7, e.indexOf('\n'))).toList();
    assertThat(names).containsExactly("message_start", "ping", "content_block_start",
        "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(6)).contains("input_json_delta").contains("\"index\":1");
    assertThat(events.get(8)).contains("\"stop_reason\":\"tool_use\"")
        .contains("\"output_tokens\":4");
  }

  @Test
  void cacheReadsAndWritesAreReportedApartFromTheInputTokens() throws Exception {
    // 2000 prompt tokens: 300 read from the cache, 1500 written to it, 200 neither.
    String usage = "{\"prompt_tokens\":2000,\"completion_tokens\":5,\"total_tokens\":2005,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":300},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0},"
        + "\"cache_creation_input_tokens\":1500}";
    Buffer answer = Buffer.buffer("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,"
        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}],"
        + "\"usage\":" + usage + "}");
    JsonNode json = Json.MAPPER.readTree(MessagesResponse.fromOpenAi(answer, "claude-x")
        .getBytes());
    assertThat(json.path("usage")).isEqualTo(json("{\"input_tokens\":200,\"output_tokens\":5,"
        + "\"cache_read_input_tokens\":300,\"cache_creation_input_tokens\":1500}"));

    List<String> events = new ArrayList<>();
    MessagesEvents ev = new MessagesEvents("m", b -> events.add(b.toString()));
    ev.chunk(Buffer.buffer("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
        + "\"finish_reason\":\"stop\"}]}"));
    ev.chunk(Buffer.buffer("{\"id\":\"x\",\"choices\":[],\"usage\":" + usage + "}"));
    ev.end();
    String delta = events.stream().filter(e -> e.startsWith("event: message_delta")).findFirst()
        .orElseThrow();
    JsonNode data = Json.MAPPER.readTree(delta.substring(delta.indexOf("data: ") + 6));
    assertThat(data.path("usage")).isEqualTo(json.path("usage"));

    // Counts that contradict each other never make input_tokens negative.
    JsonNode odd = MessagesResponse.usage(json("{\"prompt_tokens\":10,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":8},\"cache_creation_input_tokens\":5}"));
    assertThat(odd.path("input_tokens").asInt()).isZero();
  }
}
