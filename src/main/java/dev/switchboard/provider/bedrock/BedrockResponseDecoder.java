package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import java.io.IOException;

/**
 * Turns a Converse response ({@code output.message.content}, {@code stopReason}, {@code usage})
 * into an OpenAI {@code chat.completion}: text blocks as the content, reasoning blocks as
 * {@code reasoning_content}, {@code toolUse} blocks as tool calls keeping Bedrock's
 * {@code toolUseId}; stop reasons and usage are renamed. Converse answers carry neither an id nor
 * the model, so the caller supplies both. Also holds the mappings the stream decoder shares.
 *
 * <p>Threading: stateless.
 */
final class BedrockResponseDecoder {
  private BedrockResponseDecoder() {}

  /** The OpenAI body for a Converse answer, and the usage it reports. */
  record Decoded(byte[] body, Usage usage) {}

  static Decoded decode(byte[] converseBody, String id, String model, long created) {
    JsonNode res;
    try {
      res = Json.MAPPER.readTree(converseBody);
    } catch (IOException e) {
      throw OpenAiShapes.untranslatable("its answer is not JSON");
    }
    if (res == null || !res.isObject() || !res.path("output").path("message").isObject()) {
      throw OpenAiShapes.untranslatable("its answer has no output.message");
    }
    ObjectNode out = OpenAiShapes.header(id, "chat.completion", model, created);
    OpenAiShapes.addChoice(out, 0, message(res.path("output").path("message").path("content")),
        finishReason(res.path("stopReason").asText("")));
    Usage usage = usage(res.get("usage"));
    return new Decoded(OpenAiShapes.finishCompletion(out, usage), usage);
  }

  /** The fields every completion and chunk starts with. */

  private static ObjectNode message(JsonNode content) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    ArrayNode thinkingBlocks = Json.MAPPER.createArrayNode();
    for (JsonNode block : content) {
      if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        ObjectNode call = calls.addObject();
        call.put("id", use.path("toolUseId").asText("")).put("type", "function");
        call.putObject("function").put("name", use.path("name").asText(""))
            .put("arguments", OpenAiShapes.argumentsJson(use.get("input")));
      } else if (block.has("reasoningContent")) {
        JsonNode r = block.get("reasoningContent");
        JsonNode signed = r.path("reasoningText");
        reasoning.append(signed.path("text").asText(""));
        if (!signed.path("signature").asText("").isEmpty()) {
          thinkingBlocks.add(BedrockThinking.thinkingBlock(signed.path("text").asText(""),
              signed.path("signature").asText()));
        } else if (!r.path("redactedContent").asText("").isEmpty()) {
          thinkingBlocks.add(BedrockThinking.redactedBlock(r.path("redactedContent").asText()));
        }
      } else {
        text.append(block.path("text").asText(""));
      }
    }
    return OpenAiShapes.assistantMessage(text, reasoning, thinkingBlocks, calls);
  }

  /** OpenAI's finish_reason for a Converse stopReason. */
  static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "tool_use" -> "tool_calls";
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence
    };
  }

  /**
   * Usage from Converse's {@code usage}. Like Anthropic, Bedrock counts cache reads and writes
   * apart from {@code inputTokens}; OpenAI's prompt count includes them, with the reads as
   * cached tokens and the writes as cache-write tokens (they are priced apart).
   */
  static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.UNKNOWN;
    }
    long cacheRead = u.path("cacheReadInputTokens").asLong(0);
    long cacheWrite = u.path("cacheWriteInputTokens").asLong(0);
    long prompt = u.path("inputTokens").asLong(0) + cacheRead + cacheWrite;
    return new Usage(prompt, u.path("outputTokens").asLong(0), cacheRead, cacheWrite, 0, true);
  }


}
