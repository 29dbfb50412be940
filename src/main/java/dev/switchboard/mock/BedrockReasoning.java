package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Claude's extended thinking as Bedrock's Converse API carries it: requested through
 * {@code additionalModelRequestFields.thinking} (validated like Anthropic's {@code thinking}:
 * {@code budget_tokens} at least 1024 and below {@code inferenceConfig.maxTokens}), answered
 * with a signed {@code reasoningContent.reasoningText} block first (plus a
 * {@code redactedContent} block for Anthropic's trigger string), and checked when sent back: a
 * reasoning block must keep its signature, and with thinking on the assistant turn whose tool
 * uses the last user turn answers must start with its reasoning. The text, signatures and
 * redacted payload are those of the simulated Anthropic API ({@link AnthropicThinking}).
 *
 * <p>Stateless; safe from any thread.
 */
final class BedrockReasoning {
  private BedrockReasoning() {}

  /** The thinking budget asked for, 0 for none; throws Bedrock's error when invalid. */
  static int budget(JsonNode additionalFields, Integer maxTokens) {
    JsonNode thinking = additionalFields == null ? null : additionalFields.get("thinking");
    if (thinking == null || thinking.isNull()
        || "disabled".equals(thinking.path("type").asText())) {
      return 0;
    }
    if (!"enabled".equals(thinking.path("type").asText())) {
      throw modelError("thinking.type: Input tag '" + thinking.path("type").asText()
          + "' found using 'type' does not match any of the expected tags: 'enabled',"
          + " 'disabled'");
    }
    JsonNode budget = thinking.get("budget_tokens");
    if (budget == null || !budget.isIntegralNumber()) {
      throw modelError("thinking.enabled.budget_tokens: Field required");
    }
    if (budget.asInt() < AnthropicThinking.MIN_BUDGET) {
      throw modelError("thinking.enabled.budget_tokens: Input should be greater than or equal"
          + " to " + AnthropicThinking.MIN_BUDGET);
    }
    if (maxTokens == null || budget.asInt() >= maxTokens) {
      throw modelError("`max_tokens` must be greater than `thinking.budget_tokens`.");
    }
    return budget.asInt();
  }

  /** Bedrock passes the model's own complaint on inside a ValidationException. */
  private static BedrockApiException modelError(String message) {
    return BedrockErrors.validation("The model returned the following errors: " + message);
  }

  /** Checks one {@code reasoningContent} block sent back in an assistant turn. */
  static void validateBlock(JsonNode reasoning, String at) {
    JsonNode signed = reasoning.get("reasoningText");
    if (signed != null) {
      String text = signed.path("text").asText("");
      if (!AnthropicThinking.signature(text).equals(signed.path("signature").asText(""))) {
        throw modelError(at + ": Invalid `signature` in `thinking` block");
      }
    } else if (!AnthropicThinking.redactedData().equals(
        reasoning.path("redactedContent").asText(""))) {
      throw modelError(at + ": Invalid `data` in `redacted_thinking` block");
    }
  }

  /** With thinking on, a tool loop's assistant turn must open with its reasoning. */
  static void validateHistory(JsonNode messages, boolean thinkingOn) {
    if (!thinkingOn || messages.size() < 2 || !endsWithToolResult(messages)) {
      return;
    }
    int at = messages.size() - 2;
    if (!messages.get(at).path("content").path(0).has("reasoningContent")) {
      throw modelError("messages." + at + ".content.0.type: Expected `thinking` or"
          + " `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final"
          + " `assistant` message must start with a thinking block (preceeding the lastmost set"
          + " of `tool_use` and `tool_result` blocks). To avoid this requirement, disable"
          + " `thinking`.");
    }
  }

  private static boolean endsWithToolResult(JsonNode messages) {
    for (JsonNode b : messages.get(messages.size() - 1).path("content")) {
      if (b.has("toolResult")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the last user turn asks for a redacted block too. */
  static boolean wantsRedacted(JsonNode messages) {
    return messages.get(messages.size() - 1).toString()
        .contains(AnthropicThinking.REDACTED_TRIGGER);
  }

  /** The answer's reasoning blocks as content-array items (none when thinking is off). */
  static void writeBlocks(JsonGenerator g, BedrockRequest request) throws IOException {
    if (request.thinkingBudget() == 0) {
      return;
    }
    g.writeStartObject();
    g.writeObjectFieldStart("reasoningContent");
    g.writeObjectFieldStart("reasoningText");
    g.writeStringField("text", AnthropicThinking.TEXT);
    g.writeStringField("signature", AnthropicThinking.signature(AnthropicThinking.TEXT));
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    if (request.redactedThinking()) {
      g.writeStartObject();
      g.writeObjectFieldStart("reasoningContent");
      g.writeStringField("redactedContent", AnthropicThinking.redactedData());
      g.writeEndObject();
      g.writeEndObject();
    }
  }
}
