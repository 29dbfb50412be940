package dev.switchboard.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.GatewayException;

/**
 * Anthropic's {@code thinking} setting in the canonical form: validated as Anthropic validates it
 * (a {@code budget_tokens} of at least 1024 and below {@code max_tokens}) and expressed as OpenAI's
 * {@code reasoning_effort}, whose levels the Anthropic adapter turns back into budgets of 1024,
 * 4096 and 16384 tokens. The exact budget survives only on the pass-through path.
 *
 * <p>Threading: stateless.
 */
final class MessagesThinking {
  static final int MIN_BUDGET = 1024;

  private MessagesThinking() {}

  /**
   * The reasoning effort for {@code thinking}; null when it is absent or disabled. Adaptive
   * thinking (the model decides how much to think, as Claude Code asks for) takes its level from
   * {@code output_config.effort}, medium when none is given.
   */
  static String reasoningEffort(JsonNode thinking, int maxTokens, JsonNode outputConfig) {
    if (thinking == null || thinking.isNull()) {
      return null;
    }
    String type = thinking.path("type").asText("");
    if (type.equals("disabled")) {
      return null;
    }
    if (type.equals("adaptive")) {
      return switch (outputConfig == null ? "" : outputConfig.path("effort").asText("")) {
        case "low" -> "low";
        case "high", "max" -> "high";
        default -> "medium";
      };
    }
    if (!type.equals("enabled")) {
      throw GatewayException.invalid("thinking.type",
          "thinking.type must be 'enabled', 'adaptive' or 'disabled'.");
    }
    JsonNode budget = thinking.get("budget_tokens");
    if (budget == null || !budget.canConvertToInt()) {
      throw GatewayException.invalid("thinking.budget_tokens",
          "thinking.budget_tokens is required with thinking enabled and must be an integer.");
    }
    int b = budget.asInt();
    if (b < MIN_BUDGET || b >= maxTokens) {
      throw GatewayException.invalid("thinking.budget_tokens", "thinking.budget_tokens must be"
          + " at least " + MIN_BUDGET + " and less than max_tokens (" + maxTokens + ").");
    }
    if (b < 4096) {
      return "low";
    }
    return b < 16384 ? "medium" : "high";
  }
}
