package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ThinkingBlocks;
import java.util.Locale;

/**
 * Extended thinking of Anthropic's Claude models on Bedrock, between OpenAI's shapes and
 * Converse's: {@code reasoning_effort} becomes {@code additionalModelRequestFields.thinking} with
 * a token budget; answers' {@code reasoningContent} blocks (signed {@code reasoningText}, or
 * {@code redactedContent}) reach clients as {@code thinking_blocks} — the shape the Anthropic
 * adapter hands out — and those blocks sent back on an assistant message are replayed as
 * {@code reasoningContent} ahead of its tool uses, as Claude requires in a tool loop.
 *
 * <p>Threading: stateless.
 */
final class BedrockThinking {
  /** Claude's smallest accepted thinking budget. */
  static final int MIN_BUDGET = 1024;

  private BedrockThinking() {}

  /**
   * The thinking budget for {@code effort} on {@code model}, 0 for none: other model families
   * on Bedrock take other (or no) reasoning settings, so only Claude models are asked to think.
   */
  static int budget(String effort, String model) {
    if (model == null || !model.toLowerCase(Locale.ROOT).contains("anthropic.claude")) {
      return 0;
    }
    return switch (effort) {
      case "low" -> MIN_BUDGET;
      case "medium" -> 4096;
      case "high" -> 16384;
      default -> 0;
    };
  }

  /** Appends the {@code thinking_blocks} of an assistant message as reasoning blocks. */
  static void replay(JsonNode given, String param, ArrayNode out) {
    for (ThinkingBlocks.Block b : ThinkingBlocks.read(given, param)) {
      ObjectNode reasoning = out.addObject().putObject("reasoningContent");
      if (b instanceof ThinkingBlocks.Signed t) {
        reasoning.putObject("reasoningText").put("text", t.thinking())
            .put("signature", t.signature());
      } else if (b instanceof ThinkingBlocks.Redacted r) {
        reasoning.put("redactedContent", r.data());
      }
    }
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
}
