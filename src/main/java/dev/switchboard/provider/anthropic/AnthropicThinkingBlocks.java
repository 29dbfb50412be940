package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.provider.ThinkingBlocks;

/**
 * Replays the signed reasoning an OpenAI client sends back on an assistant message
 * ({@code thinking_blocks}: {@code {type: thinking, thinking, signature}} or
 * {@code {type: redacted_thinking, data}}, as the adapter handed them out) as Anthropic
 * {@code thinking} / {@code redacted_thinking} blocks ({@link ThinkingBlocks} reads and checks
 * them); {@code reasoning_content} alone carries no signature and is not sent.
 *
 * <p>Threading: stateless.
 */
final class AnthropicThinkingBlocks {
  private AnthropicThinkingBlocks() {}

  /** Appends the blocks of {@code given} (absent or null: none) to {@code out}. */
  static void replay(JsonNode given, String param, ArrayNode out) {
    for (ThinkingBlocks.Block b : ThinkingBlocks.read(given, param)) {
      if (b instanceof ThinkingBlocks.Signed t) {
        out.addObject().put("type", "thinking").put("thinking", t.thinking())
            .put("signature", t.signature());
      } else if (b instanceof ThinkingBlocks.Redacted r) {
        out.addObject().put("type", "redacted_thinking").put("data", r.data());
      }
    }
  }
}
