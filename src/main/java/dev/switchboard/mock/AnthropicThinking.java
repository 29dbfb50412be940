package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Extended thinking as the Messages API does it: the {@code thinking} setting is validated
 * ({@code budget_tokens} at least 1024 and below {@code max_tokens}), an answer opens with a
 * signed {@code thinking} block (plus a {@code redacted_thinking} block when the last user turn
 * carries Anthropic's documented trigger string), and a conversation sent back must keep the
 * thinking of the assistant turn that called tools, first in that turn and with its signature
 * intact. Signatures are an HMAC-like digest of the thinking text, so the simulator can tell a
 * replayed block from an edited or invented one.
 *
 * <p>Stateless; safe from any thread.
 */
final class AnthropicThinking {
  /** The API's smallest thinking budget. */
  static final int MIN_BUDGET = 1024;
  /** The prompt text that makes the API answer with a redacted thinking block. */
  static final String REDACTED_TRIGGER = "ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING";
  /** What the simulated model thinks, in pieces for {@code thinking_delta} events. */
  static final String TEXT = "The user asks a question. I will answer it directly.";

  private AnthropicThinking() {}

  /** The thinking text in the pieces its {@code thinking_delta} events carry. */
  static java.util.List<String> pieces() {
    return CompletionText.split(TEXT, 4);
  }

  /** Output tokens the thinking of {@code request} adds to the answer's. */
  static int outputTokens(AnthropicRequest request) {
    return request.thinking() ? pieces().size() + (request.redactedThinking() ? 1 : 0) : 0;
  }

  /** Writes the answer's thinking blocks (none when thinking is off) as content-array items. */
  static void writeBlocks(com.fasterxml.jackson.core.JsonGenerator g, AnthropicRequest request)
      throws java.io.IOException {
    if (!request.thinking()) {
      return;
    }
    g.writeStartObject();
    g.writeStringField("type", "thinking");
    g.writeStringField("thinking", TEXT);
    g.writeStringField("signature", signature(TEXT));
    g.writeEndObject();
    if (request.redactedThinking()) {
      g.writeStartObject();
      g.writeStringField("type", "redacted_thinking");
      g.writeStringField("data", redactedData());
      g.writeEndObject();
    }
  }

  /** The thinking budget, 0 when thinking is absent or disabled; throws when invalid. */
  static int budget(JsonNode thinking, int maxTokens) {
    if (JsonFields.absent(thinking)) {
      return 0;
    }
    if (!thinking.isObject()) {
      throw AnthropicErrors.invalid("thinking: Input should be a valid dictionary");
    }
    String type = AnthropicRequest.string(thinking, "type", true);
    if (type.equals("disabled")) {
      return 0;
    }
    if (type.equals("adaptive")) {
      // The model decides how much to think; the simulator thinks as little as the API allows.
      return MIN_BUDGET;
    }
    if (!type.equals("enabled")) {
      throw AnthropicErrors.invalid("thinking.type: Input tag '" + type + "' found using 'type'"
          + " does not match any of the expected tags: 'enabled', 'adaptive', 'disabled'");
    }
    JsonNode budget = thinking.get("budget_tokens");
    if (JsonFields.absent(budget)) {
      throw AnthropicErrors.required("thinking.enabled.budget_tokens");
    }
    if (!budget.isIntegralNumber()) {
      throw AnthropicErrors.invalid("thinking.enabled.budget_tokens: Input should be a valid"
          + " integer");
    }
    if (budget.asLong() < MIN_BUDGET) {
      throw AnthropicErrors.invalid("thinking.enabled.budget_tokens: Input should be greater"
          + " than or equal to " + MIN_BUDGET);
    }
    if (budget.asLong() >= maxTokens) {
      throw AnthropicErrors.invalid("`max_tokens` must be greater than"
          + " `thinking.budget_tokens`. Please consult our documentation at"
          + " https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens"
          + "-and-context-window-size-with-extended-thinking");
    }
    return budget.intValue();
  }

  /**
   * With thinking on, the assistant turn whose tool calls the last user turn answers must start
   * with its thinking; every thinking block sent back must carry the signature it was given.
   */
  static void validateHistory(JsonNode messages, boolean thinkingOn) {
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).path("content");
      for (int j = 0; j < content.size(); j++) {
        validateBlock(content.get(j), "messages." + i + ".content." + j);
      }
    }
    if (!thinkingOn || messages.size() < 2 || !AnthropicMessages.endsWithToolResult(messages)) {
      return;
    }
    int at = messages.size() - 2;
    JsonNode first = messages.get(at).path("content").path(0);
    String type = first.path("type").asText("text");
    if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
      throw AnthropicErrors.invalid("messages." + at + ".content.0.type: Expected `thinking` or"
          + " `redacted_thinking`, but found `" + type + "`. When `thinking` is enabled, a final"
          + " `assistant` message must start with a thinking block (preceeding the lastmost set"
          + " of `tool_use` and `tool_result` blocks). To avoid this requirement, disable"
          + " `thinking`.");
    }
  }

  private static void validateBlock(JsonNode block, String path) {
    switch (block.path("type").asText()) {
      case "thinking" -> {
        String text = AnthropicRequest.string(block, "thinking", true);
        String signature = AnthropicRequest.string(block, "signature", true);
        if (!signature.equals(signature(text))) {
          throw AnthropicErrors.invalid(path + ": Invalid `signature` in `thinking` block");
        }
      }
      case "redacted_thinking" -> {
        if (!redactedData().equals(AnthropicRequest.string(block, "data", true))) {
          throw AnthropicErrors.invalid(path + ": Invalid `data` in `redacted_thinking` block");
        }
      }
      default -> {
        // other blocks are checked by AnthropicMessages
      }
    }
  }

  /** Whether the last user turn asks for a redacted thinking block. */
  static boolean wantsRedacted(JsonNode messages) {
    return messages.get(messages.size() - 1).toString().contains(REDACTED_TRIGGER);
  }

  static String signature(String thinking) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(("switchboard-sim:" + thinking).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The opaque payload of the simulator's redacted thinking. */
  static String redactedData() {
    return Base64.getEncoder().encodeToString(
        "encrypted reasoning".getBytes(StandardCharsets.UTF_8));
  }
}
