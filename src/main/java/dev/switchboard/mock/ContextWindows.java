package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The context windows of the well-known models the simulator knows, and the check OpenAI makes
 * before answering: a conversation longer than the window is refused with HTTP 400 and code
 * {@code context_length_exceeded}. Tokens are estimated at four characters each (the simulator has
 * no tokenizer); models it does not know have no limit. Stateless.
 */
final class ContextWindows {
  private static final Map<String, Integer> WINDOWS = Map.of(
      "gpt-4o", 128_000,
      "gpt-4o-mini", 128_000,
      "gpt-4.1", 1_047_576,
      "gpt-4.1-mini", 1_047_576,
      "o3-mini", 200_000,
      "gpt-3.5-turbo", 16_385);

  private ContextWindows() {}

  /** Throws OpenAI's 400 when the messages of {@code body} do not fit {@code model}'s window. */
  static void check(String model, JsonNode body) {
    Integer window = WINDOWS.get(model);
    if (window == null) {
      return;
    }
    long chars = textLength(body.path("messages"));
    long tokens = (chars + 3) / 4;
    if (tokens > window) {
      throw new MockApiException(400, "This model's maximum context length is " + window
          + " tokens. However, your messages resulted in " + tokens + " tokens. Please reduce"
          + " the length of the messages.", "invalid_request_error", "messages",
          "context_length_exceeded");
    }
  }

  private static long textLength(JsonNode node) {
    if (node.isTextual()) {
      return node.asText().length();
    }
    long n = 0;
    for (JsonNode child : node) {
      n += textLength(child);
    }
    return n;
  }
}
