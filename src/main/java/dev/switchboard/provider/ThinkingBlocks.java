package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed reasoning an OpenAI client sends back on an assistant message
 * ({@code thinking_blocks}: {@code {type: thinking, thinking, signature}} or
 * {@code {type: redacted_thinking, data}}, as the Anthropic and Bedrock adapters hand them out),
 * read and checked once for every adapter that replays it. The model verifies the signature, so a
 * block must come back exactly as given; one that does not is refused with the field to fix.
 *
 * <p>Threading: stateless.
 */
public final class ThinkingBlocks {
  /** One block sent back. */
  public sealed interface Block permits Signed, Redacted {}

  /** A {@code thinking} block: the reasoning text and its signature. */
  public record Signed(String thinking, String signature) implements Block {}

  /** A {@code redacted_thinking} block: the encrypted reasoning. */
  public record Redacted(String data) implements Block {}

  private ThinkingBlocks() {}

  /** The blocks of {@code given} (absent or null: none); {@code param} names it in errors. */
  public static List<Block> read(JsonNode given, String param) {
    if (given == null || given.isNull()) {
      return List.of();
    }
    if (!given.isArray()) {
      throw GatewayException.invalid(param, "thinking_blocks must be a list of the blocks the"
          + " gateway returned.");
    }
    List<Block> blocks = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      JsonNode b = given.get(i);
      String at = param + "[" + i + "]";
      blocks.add(switch (b.path("type").asText("")) {
        case "thinking" -> new Signed(text(b, "thinking", at), text(b, "signature", at));
        case "redacted_thinking" -> new Redacted(text(b, "data", at));
        default -> throw GatewayException.invalid(at + ".type", "A thinking block's type must"
            + " be 'thinking' or 'redacted_thinking'; send the blocks back as returned.");
      });
    }
    return blocks;
  }

  private static String text(JsonNode block, String field, String at) {
    JsonNode v = block.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw GatewayException.invalid(at + "." + field, "A thinking block needs its '" + field
          + "' exactly as the gateway returned it (the model verifies it).");
    }
    return v.asText();
  }
}
