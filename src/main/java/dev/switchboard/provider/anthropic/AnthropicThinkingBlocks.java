package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.pipeline.GatewayException;

/**
 * Replays the signed reasoning an OpenAI client sends back on an assistant message
 * ({@code thinking_blocks}: {@code {type: thinking, thinking, signature}} or
 * {@code {type: redacted_thinking, data}}, as the adapter handed them out) as Anthropic
 * {@code thinking} / {@code redacted_thinking} blocks. Anthropic checks the signature, so a
 * block is passed on exactly as given or refused with the field to fix; {@code reasoning_content}
 * alone carries no signature and is not sent.
 *
 * <p>Threading: stateless.
 */
final class AnthropicThinkingBlocks {
  private AnthropicThinkingBlocks() {}

  /** Appends the blocks of {@code given} (absent or null: none) to {@code out}. */
  static void replay(JsonNode given, String param, ArrayNode out) {
    if (given == null || given.isNull()) {
      return;
    }
    if (!given.isArray()) {
      throw GatewayException.invalid(param, "thinking_blocks must be a list of the blocks the"
          + " gateway returned.");
    }
    for (int i = 0; i < given.size(); i++) {
      JsonNode b = given.get(i);
      String at = param + "[" + i + "]";
      switch (b.path("type").asText("")) {
        case "thinking" -> out.addObject().put("type", "thinking")
            .put("thinking", text(b, "thinking", at))
            .put("signature", text(b, "signature", at));
        case "redacted_thinking" -> out.addObject().put("type", "redacted_thinking")
            .put("data", text(b, "data", at));
        default -> throw GatewayException.invalid(at + ".type", "A thinking block's type must"
            + " be 'thinking' or 'redacted_thinking'; send the blocks back as returned.");
      }
    }
  }

  private static String text(JsonNode block, String field, String at) {
    JsonNode v = block.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw GatewayException.invalid(at + "." + field, "A thinking block needs its '" + field
          + "' exactly as the gateway returned it (Anthropic verifies it).");
    }
    return v.asText();
  }
}
