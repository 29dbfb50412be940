package dev.switchboard.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.provider.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thinking through every adapter behind both inbound APIs: a client asks for reasoning
 * ({@code reasoning_effort}, or Anthropic's {@code thinking}), gets it back where the adapter has
 * {@link Capability#REASONING}, and where it has {@link Capability#SIGNED_REASONING} sends the
 * signed blocks back with its tool result — the simulator, like Anthropic, refuses the turn unless
 * the assistant's thinking comes first with its signature intact.
 */
class ThinkingMatrixIT {
  private static MatrixRig rig;
  private static MatrixClient client;
  /** In the prompt: the simulated Anthropic model adds a redacted thinking block. */
  private static final String PROMPT = "Weather in Paris? Use the tool. "
      + "ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C";

  @BeforeAll
  static void start() {
    rig = new MatrixRig();
    client = new MatrixClient(rig.gatewayUrl());
  }

  @AfterAll
  static void stop() {
    client.close();
    rig.close();
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> all = new ArrayList<>();
    for (Upstream u : Upstream.values()) {
      for (Inbound in : Inbound.values()) {
        all.add(Arguments.of(u, in, false));
        all.add(Arguments.of(u, in, true));
      }
    }
    return all.stream();
  }

  private static String ask(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","max_tokens":3000,"reasoning_effort":"low",
         "messages":[{"role":"user","content":"%s"}],"tools":[%s]}"""
        .formatted(model, PROMPT, Requests.WEATHER_OPENAI) : """
        {"model":"%s","max_tokens":3000,"thinking":{"type":"enabled","budget_tokens":2048},
         "messages":[{"role":"user","content":"%s"}],"tools":[%s]}"""
        .formatted(model, PROMPT, Requests.WEATHER_ANTHROPIC);
  }

  @ParameterizedTest(name = "{1} -> {0}, stream={2}")
  @MethodSource("everyPair")
  void reasoningComesBackAndSignedThinkingIsReplayedBeforeTheToolCall(Upstream u, Inbound in,
      boolean stream) throws Exception {
    Answer a = client.send(in, ask(in, u.route()), stream);
    assertThat(a.calls()).hasSize(1);
    JsonNode body = rig.lastUpstreamRequest(u).path("body");
    switch (u) {
      case OPENAI -> assertThat(body.path("reasoning_effort").asText()).isEqualTo("low");
      case ANTHROPIC -> {
        assertThat(body.at("/thinking/type").asText()).isEqualTo("enabled");
        // Passed through as the Anthropic client wrote it; from reasoning_effort "low" else.
        assertThat(body.at("/thinking/budget_tokens").asInt())
            .isEqualTo(in == Inbound.ANTHROPIC_MESSAGES ? 2048 : 1024);
      }
      case GEMINI -> {
        assertThat(body.at("/generationConfig/thinkingConfig/thinkingBudget").asInt())
            .isEqualTo(1024);
        assertThat(body.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean())
            .isTrue();
      }
      case BEDROCK -> {
        // Claude on Bedrock: Anthropic's thinking setting, from reasoning_effort "low".
        assertThat(body.at("/additionalModelRequestFields/thinking/type").asText())
            .isEqualTo("enabled");
        assertThat(body.at("/additionalModelRequestFields/thinking/budget_tokens").asInt())
            .isEqualTo(1024);
      }
    }
    if (!u.has(Capability.REASONING)) {
      assertThat(a.reasoning()).isEmpty();
      assertThat(a.thinkingBlocks()).isEmpty();
    } else {
      assertThat(a.reasoning()).isNotBlank();
    }
    if (!u.has(Capability.SIGNED_REASONING)) {
      historyFromAnotherProvider(u, in, stream, a);
      return;
    }
    assertThat(a.thinkingBlocks()).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "redacted_thinking");
    JsonNode signed = a.thinkingBlocks().get(0);
    assertThat(signed.path("thinking").asText()).isEqualTo(a.reasoning());
    assertThat(signed.path("signature").asText()).isNotBlank();

    Answer next = client.send(in, replay(in, u.route(), a), stream);
    assertThat(next.text()).isNotBlank();
    JsonNode sent = rig.lastUpstreamRequest(u).path("body");
    JsonNode turn = sent.at("/messages/1/content");
    if (u == Upstream.BEDROCK) {
      assertThat(turn).extracting(b -> b.fieldNames().next())
          .containsExactly("reasoningContent", "reasoningContent", "toolUse");
      assertThat(turn.at("/0/reasoningContent/reasoningText/signature").asText())
          .isEqualTo(signed.path("signature").asText());
      assertThat(turn.at("/1/reasoningContent/redactedContent").asText())
          .isEqualTo(a.thinkingBlocks().get(1).path("data").asText());
      return;
    }
    assertThat(turn).extracting(b -> b.path("type").asText())
        .containsExactly("thinking", "redacted_thinking", "tool_use");
    assertThat(turn.get(0).path("signature").asText())
        .isEqualTo(signed.path("signature").asText());
    assertThat(turn.get(1).path("data").asText())
        .isEqualTo(a.thinkingBlocks().get(1).path("data").asText());
  }

  /**
   * Signed thinking a client got from another (Anthropic) deployment earlier in the conversation:
   * an OpenAI-compatible provider gets the history untouched, Gemini none of it.
   */
  private static void historyFromAnotherProvider(Upstream u, Inbound in, boolean stream,
      Answer a) throws Exception {
    JsonNode elsewhere = Json.MAPPER.readTree("{\"type\":\"thinking\",\"thinking\":"
        + "\"earlier\",\"signature\":\"sig-elsewhere\"}");
    Answer earlier = new Answer(a.text(), "earlier", a.calls(), a.finish(), 0, 0, 0, 0,
        List.of(elsewhere));
    client.send(in, replay(in, u.route(), earlier), stream);
    JsonNode sent = rig.lastUpstreamRequest(u).path("body");
    if (u == Upstream.OPENAI) {
      assertThat(sent.at("/messages/1/thinking_blocks/0/signature").asText())
          .isEqualTo("sig-elsewhere");
      assertThat(sent.at("/messages/1/reasoning_content").asText()).isEqualTo("earlier");
    } else {
      assertThat(sent.toString()).doesNotContain("sig-elsewhere").doesNotContain("earlier");
    }
    if (u.has(Capability.SIGNED_TOOL_CALLS)) {
      String signature = a.calls().get(0).thoughtSignature();
      JsonNode callPart = sent.at("/contents/1/parts/0");
      assertThat(callPart.has("functionCall")).isTrue();
      if (in == Inbound.OPENAI_CHAT) {
        assertThat(signature).isNotBlank();
        assertThat(callPart.path("thoughtSignature").asText()).isEqualTo(signature);
      } else {
        assertThat(callPart.has("thoughtSignature")).isFalse();
      }
    }
  }

  /** The conversation continued: the assistant's turn as the client got it, and the result. */
  private static String replay(Inbound in, String model, Answer a) throws Exception {
    Answer.Call call = a.calls().get(0);
    if (in == Inbound.OPENAI_CHAT) {
      var req = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
          ask(in, model));
      ArrayNode messages = (ArrayNode) req.get("messages");
      var assistant = messages.addObject().put("role", "assistant").putNull("content");
      assistant.put("reasoning_content", a.reasoning());
      assistant.putArray("thinking_blocks").addAll(a.thinkingBlocks());
      var tc = assistant.putArray("tool_calls").addObject().put("id", call.id())
          .put("type", "function");
      tc.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      if (!call.thoughtSignature().isEmpty()) {
        tc.putObject("extra_content").putObject("google")
            .put("thought_signature", call.thoughtSignature());
      }
      messages.addObject().put("role", "tool").put("tool_call_id", call.id())
          .put("content", "sunny");
      return req.toString();
    }
    var req = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
        ask(in, model));
    ArrayNode messages = (ArrayNode) req.get("messages");
    ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
    a.thinkingBlocks().forEach(content::add);
    content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
        .set("input", Json.MAPPER.readTree(call.arguments()));
    messages.addObject().put("role", "user").putArray("content").addObject()
        .put("type", "tool_result").put("tool_use_id", call.id()).put("content", "sunny");
    return req.toString();
  }

  @ParameterizedTest
  @EnumSource(Upstream.class)
  void aThinkingBudgetAnthropicWouldRefuseIsRefusedAtTheEdge(Upstream u) throws Exception {
    var r = rig.post("/v1/messages", """
        {"model":"%s","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":500},
         "messages":[{"role":"user","content":"hi"}]}""".formatted(u.route()));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = Json.MAPPER.readTree(r.body());
    assertThat(err.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(err.at("/error/message").asText()).contains("budget_tokens").contains("1024");
  }
}
