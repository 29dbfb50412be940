package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;

/**
 * An OpenAI {@code tool_choice} read once for every translating adapter, which then spells it in
 * its own API: let the model decide, require a call, forbid calls, or call one named function.
 * Immutable.
 *
 * @param mode what the client asked for
 * @param function the function to call when {@code mode} is {@link Mode#FUNCTION}, else null
 */
public record ToolChoice(Mode mode, String function) {

  /** The four OpenAI choices. */
  public enum Mode { AUTO, REQUIRED, NONE, FUNCTION }

  /**
   * The choice in {@code node}, or null when the client gave none.
   *
   * @throws GatewayException (400, param {@code tool_choice}) for a value OpenAI would refuse
   */
  public static ToolChoice read(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "auto" -> new ToolChoice(Mode.AUTO, null);
        case "required" -> new ToolChoice(Mode.REQUIRED, null);
        case "none" -> new ToolChoice(Mode.NONE, null);
        default -> throw GatewayException.invalid("tool_choice",
            "tool_choice must be auto, required, none or a named function.");
      };
    }
    String name = node.path("function").path("name").asText("");
    if (name.isEmpty()) {
      throw GatewayException.invalid("tool_choice", "tool_choice names no function.");
    }
    return new ToolChoice(Mode.FUNCTION, name);
  }
}
