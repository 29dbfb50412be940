package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Validation of the conversation and tools of a Messages API request: the checks a gateway's
 * OpenAI-to-Anthropic translation trips when it gets roles, content blocks or tool ids wrong. Each
 * check also counts characters, the basis of the input-token estimate.
 *
 * <p>Stateless; safe from any thread.
 */
final class AnthropicMessages {

  /** Content block types the API accepts in input messages. */
  private static final Set<String> BLOCK_TYPES = Set.of("text", "image", "document", "tool_use",
      "tool_result", "thinking", "redacted_thinking", "server_tool_use", "web_search_tool_result",
      "search_result");
  private static final String BLOCK_TAGS = "'text', 'image', 'document', 'tool_use',"
      + " 'tool_result', 'thinking', 'redacted_thinking', 'server_tool_use',"
      + " 'web_search_tool_result', 'search_result'";

  private AnthropicMessages() {}

  /** Validates {@code messages} and returns the characters of their content. */
  static long validate(JsonNode messages) {
    if (JsonFields.absent(messages)) {
      throw AnthropicErrors.required("messages");
    }
    if (!messages.isArray()) {
      throw AnthropicErrors.invalid("messages: Input should be a valid list");
    }
    if (messages.isEmpty()) {
      throw AnthropicErrors.invalid("messages: at least one message is required");
    }
    long chars = 0;
    String previousRole = null;
    Set<String> previousToolUses = Set.of();
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages." + i;
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        throw AnthropicErrors.invalid(path + ": Input should be a valid dictionary");
      }
      String role = role(m, path, i);
      if (role.equals("system")) {
        // It separates the turns around it, which may then share a role; tool results after it
        // still answer the assistant turn before it.
        chars += content(m.get("content"), path, role, Set.of(), new HashSet<>());
        previousRole = role;
        continue;
      }
      if (i == 0 && !role.equals("user")) {
        throw AnthropicErrors.invalid("messages: first message must use the \"user\" role");
      }
      if (role.equals(previousRole)) {
        throw AnthropicErrors.invalid("messages: roles must alternate between \"user\" and"
            + " \"assistant\", but found multiple \"" + role + "\" roles in a row");
      }
      Set<String> toolUses = new HashSet<>();
      chars += content(m.get("content"), path, role, previousToolUses, toolUses);
      previousRole = role;
      previousToolUses = toolUses;
    }
    return chars;
  }

  private static String role(JsonNode m, String path, int index) {
    String role = AnthropicRequest.string(m, "role", false);
    if (role == null) {
      throw AnthropicErrors.required(path + ".role");
    }
    // Between turns a system message is accepted (Claude Code 2.1 sends reminders that way); it
    // can neither open the conversation nor take part in the user/assistant alternation.
    if (role.equals("system") && index == 0) {
      throw AnthropicErrors.invalid(path + ".role: Unexpected role \"system\". The Messages API"
          + " accepts a top-level `system` parameter, not \"system\" as the first message.");
    }
    if (role.equals("system")) {
      return role;
    }
    if (!role.equals("user") && !role.equals("assistant")) {
      throw AnthropicErrors.invalid(path + ".role: Input should be 'user' or 'assistant'");
    }
    return role;
  }

  /**
   * Validates one message's content. {@code toolUses} collects the ids of its {@code tool_use}
   * blocks; {@code previousToolUses} are those of the message before, which tool results answer.
   */
  private static long content(
      JsonNode content, String path, String role, Set<String> previousToolUses,
      Set<String> toolUses) {
    if (JsonFields.absent(content)) {
      throw AnthropicErrors.required(path + ".content");
    }
    if (content.isTextual()) {
      return content.textValue().length();
    }
    if (!content.isArray()) {
      throw AnthropicErrors.invalid(path + ".content: Input should be a valid string or list");
    }
    long chars = 0;
    for (int j = 0; j < content.size(); j++) {
      chars += block(content.get(j), path + ".content." + j, role, previousToolUses, toolUses);
    }
    return chars;
  }

  private static long block(
      JsonNode block, String path, String role, Set<String> previousToolUses,
      Set<String> toolUses) {
    if (!block.isObject()) {
      throw AnthropicErrors.invalid(path + ": Input should be a valid dictionary");
    }
    String type = AnthropicRequest.string(block, "type", false);
    if (type == null) {
      throw AnthropicErrors.invalid(path + ": Unable to extract tag using discriminator 'type'");
    }
    if (!BLOCK_TYPES.contains(type)) {
      throw AnthropicErrors.invalid(path + ": Input tag '" + type + "' found using 'type' does"
          + " not match any of the expected tags: " + BLOCK_TAGS);
    }
    return switch (type) {
      case "text" -> AnthropicRequest.string(block, "text", false) == null
          ? missing(path + ".text")
          : block.get("text").textValue().length();
      case "tool_use" -> toolUse(block, path, role, toolUses);
      case "tool_result" -> toolResult(block, path, role, previousToolUses);
      default -> block.toString().length() / 8; // images and documents: a token-ish guess
    };
  }

  private static long missing(String path) {
    throw AnthropicErrors.required(path);
  }

  private static long toolUse(JsonNode block, String path, String role, Set<String> toolUses) {
    if (!role.equals("assistant")) {
      throw AnthropicErrors.invalid(path + ": tool_use blocks can only appear in assistant"
          + " messages");
    }
    String id = AnthropicRequest.string(block, "id", false);
    String name = AnthropicRequest.string(block, "name", false);
    if (id == null) {
      missing(path + ".id");
    }
    if (name == null) {
      missing(path + ".name");
    }
    JsonNode input = block.get("input");
    if (input == null || !input.isObject()) {
      throw AnthropicErrors.invalid(path + ".input: Input should be a valid dictionary");
    }
    toolUses.add(id);
    return name.length() + input.toString().length();
  }

  private static long toolResult(
      JsonNode block, String path, String role, Set<String> previousToolUses) {
    if (!role.equals("user")) {
      throw AnthropicErrors.invalid(path + ": tool_result blocks can only appear in user"
          + " messages");
    }
    String id = AnthropicRequest.string(block, "tool_use_id", false);
    if (id == null) {
      missing(path + ".tool_use_id");
    }
    if (!previousToolUses.contains(id)) {
      throw AnthropicErrors.invalid(path + ": unexpected `tool_use_id` found in `tool_result`"
          + " blocks: " + id + ". Each `tool_result` block must have a corresponding `tool_use`"
          + " block in the previous message.");
    }
    JsonNode content = block.get("content");
    if (JsonFields.absent(content)) {
      return 0;
    }
    if (content.isTextual()) {
      return content.textValue().length();
    }
    long chars = 0;
    for (JsonNode part : content) {
      chars += part.path("text").asText("").length();
    }
    return chars;
  }

  /** Whether the last message is a user turn answering tool calls. */
  static boolean endsWithToolResult(JsonNode messages) {
    JsonNode last = messages.get(messages.size() - 1);
    for (JsonNode block : last.path("content")) {
      if ("tool_result".equals(block.path("type").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Validates {@code tools} (custom tools need a name and an object input_schema). */
  static long validateTools(JsonNode tools) {
    if (JsonFields.absent(tools)) {
      return 0;
    }
    if (!tools.isArray()) {
      throw AnthropicErrors.invalid("tools: Input should be a valid list");
    }
    long chars = 0;
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String path = "tools." + i;
      if (!t.isObject()) {
        throw AnthropicErrors.invalid(path + ": Input should be a valid dictionary");
      }
      String name = AnthropicRequest.string(t, "name", false);
      if (name == null) {
        missing(path + ".name");
      }
      String type = AnthropicRequest.string(t, "type", false);
      if (type == null || type.equals("custom")) {
        JsonNode schema = t.get("input_schema");
        if (JsonFields.absent(schema)) {
          missing(path + ".custom.input_schema");
        }
        if (!schema.isObject()) {
          throw AnthropicErrors.invalid(path + ".custom.input_schema: Input should be a valid"
              + " dictionary");
        }
        chars += schema.toString().length();
      }
      chars += name.length() + t.path("description").asText("").length();
    }
    return chars;
  }
}
