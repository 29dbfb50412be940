package dev.switchboard.it.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An answer as a client saw it, in one shape for both inbound APIs, so one assertion covers
 * either: Anthropic stop reasons are given as OpenAI finish reasons and Anthropic usage as prompt
 * tokens including the cache's reads and writes.
 *
 * @param text the answer's text
 * @param reasoning the reasoning text ({@code reasoning_content} or thinking blocks)
 * @param calls tool calls in order
 * @param finish {@code stop}, {@code length} or {@code tool_calls}
 * @param promptTokens prompt tokens, cache reads and writes included
 * @param completionTokens completion tokens
 * @param cachedTokens prompt tokens read from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the provider's cache
 * @param thinkingBlocks signed reasoning to send back, as {@code {type, thinking, signature}} or
 *     {@code {type: redacted_thinking, data}} objects
 */
record Answer(String text, String reasoning, List<Call> calls, String finish, long promptTokens,
    long completionTokens, long cachedTokens, long cacheWriteTokens,
    List<JsonNode> thinkingBlocks) {

  /**
   * One tool call.
   *
   * @param fragments how many pieces its arguments arrived in (1 for a JSON answer)
   * @param thoughtSignature {@code extra_content.google.thought_signature}, empty when absent
   */
  record Call(String id, String name, String arguments, int fragments, String thoughtSignature) {}
}
