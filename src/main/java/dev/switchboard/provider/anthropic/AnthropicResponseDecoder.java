package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.OpenAiShapes;
import java.io.IOException;

/**
 * Turns an Anthropic {@code message} answer into an OpenAI {@code chat.completion}: text blocks
 * become the content, {@code tool_use} blocks tool calls with their input as a JSON string,
 * {@code thinking} blocks {@code reasoning_content} and, with their signatures (and any
 * {@code redacted_thinking}), {@code thinking_blocks} for the client to send back; stop reasons
 * and usage are renamed. Also holds
 * the mappings the stream decoder shares.
 *
 * <p>Threading: stateless.
 */
final class AnthropicResponseDecoder {
  private AnthropicResponseDecoder() {}

  /** The OpenAI body for an Anthropic answer, and the usage it reports. */
  record Decoded(byte[] body, Usage usage) {}

  static Decoded decode(byte[] anthropicBody, long createdEpochSeconds) {
    JsonNode msg;
    try {
      msg = Json.MAPPER.readTree(anthropicBody);
    } catch (IOException e) {
      throw OpenAiShapes.untranslatable("its answer is not JSON");
    }
    if (msg == null || !msg.isObject() || !msg.path("content").isArray()) {
      throw OpenAiShapes.untranslatable("its answer has no content array");
    }
    ObjectNode out = OpenAiShapes.header(msg.path("id").asText(""), "chat.completion",
        msg.path("model").asText(""), createdEpochSeconds);
    OpenAiShapes.addChoice(out, 0, message(msg.get("content")),
        finishReason(msg.path("stop_reason").asText("")));
    Usage usage = usage(msg.get("usage"));
    return new Decoded(OpenAiShapes.finishCompletion(out, usage), usage);
  }

  private static ObjectNode message(JsonNode content) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    ArrayNode thinkingBlocks = Json.MAPPER.createArrayNode();
    for (JsonNode block : content) {
      switch (block.path("type").asText("")) {
        case "text" -> text.append(block.path("text").asText(""));
        case "thinking" -> {
          reasoning.append(block.path("thinking").asText(""));
          thinkingBlocks.add(thinkingBlock(block.path("thinking").asText(""),
              block.path("signature").asText("")));
        }
        case "redacted_thinking" -> thinkingBlocks.add(redactedBlock(block.path("data")
            .asText("")));
        case "tool_use" -> {
          ObjectNode call = calls.addObject();
          call.put("id", block.path("id").asText(""));
          call.put("type", "function");
          call.putObject("function").put("name", block.path("name").asText(""))
              .put("arguments", OpenAiShapes.argumentsJson(block.get("input")));
        }
        default -> {
          // server tool blocks carry nothing an OpenAI client can use.
        }
      }
    }
    return OpenAiShapes.assistantMessage(text, reasoning, thinkingBlocks, calls);
  }

  /** A signed thinking block as OpenAI clients get it back in {@code thinking_blocks}. */
  static ObjectNode thinkingBlock(String thinking, String signature) {
    return Json.MAPPER.createObjectNode().put("type", "thinking").put("thinking", thinking)
        .put("signature", signature);
  }

  /** A redacted thinking block as OpenAI clients get it back in {@code thinking_blocks}. */
  static ObjectNode redactedBlock(String data) {
    return Json.MAPPER.createObjectNode().put("type", "redacted_thinking").put("data", data);
  }

  /** OpenAI's finish_reason for an Anthropic stop_reason. */
  static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, pause_turn
    };
  }

  /**
   * Usage from an Anthropic usage object. Anthropic counts cache reads and writes apart from
   * {@code input_tokens}; OpenAI's prompt tokens include them, so the three are added, and the
   * reads and writes are kept apart because they are priced apart.
   */
  static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return Usage.UNKNOWN;
    }
    return usage(u.path("input_tokens").asLong(0), u.path("cache_read_input_tokens").asLong(0),
        u.path("cache_creation_input_tokens").asLong(0), longWrites(u, 0),
        u.path("output_tokens").asLong(0));
  }

  /**
   * The cache writes kept for the 1-hour TTL ({@code cache_creation.ephemeral_1h_input_tokens}),
   * which Anthropic bills at 2x input against 1.25x for the default 5 minutes; {@code otherwise}
   * when the usage object does not break the writes down.
   */
  static long longWrites(JsonNode u, long otherwise) {
    return u.path("cache_creation").path("ephemeral_1h_input_tokens").asLong(otherwise);
  }

  /** Usage from Anthropic's counts; shared with the stream decoder. */
  static Usage usage(long input, long cacheRead, long cacheWrite, long cacheWriteLong, long output) {
    return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, cacheWriteLong,
        0, true);
  }


}
