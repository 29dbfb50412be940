package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bedrock's rules for the {@code messages} of a Converse request and for the tool the simulated
 * model picks: the conversation starts with a user message and alternates roles, every block is
 * of one known kind and text is never blank, a {@code toolResult} answers a {@code toolUse} of
 * the assistant turn just before, and tool blocks need a {@code toolConfig}.
 *
 * <p>Stateless.
 */
final class BedrockConversation {
  private BedrockConversation() {}

  /** Validates the messages; returns their text size in characters. */
  static long validate(JsonNode messages, boolean hasToolConfig) {
    long chars = 0;
    String previousRole = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      BedrockRequest.rejectUnknown(m, Set.of("role", "content"));
      String role = m.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw BedrockErrors.validation("1 validation error detected: Value '" + role
            + "' at 'messages." + (i + 1) + ".member.role' failed to satisfy constraint: Member"
            + " must satisfy enum value set: [user, assistant]");
      }
      if (i == 0 && !role.equals("user")) {
        throw BedrockErrors.validation("A conversation must start with a user message. Try again"
            + " with a conversation that starts with a user message.");
      }
      if (role.equals(previousRole)) {
        throw BedrockErrors.validation("A conversation must alternate between user and assistant"
            + " roles. Make sure the conversation alternates between user and assistant roles"
            + " and try again.");
      }
      JsonNode content = m.get("content");
      if (content == null || !content.isArray() || content.isEmpty()) {
        throw BedrockErrors.validation("The content field in the Message object at messages." + i
            + " is empty. Add a ContentBlock object to the content field and try again.");
      }
      Set<String> answerable = i > 0 ? BedrockRequest.toolUseIds(messages.get(i - 1)) : Set.of();
      for (int j = 0; j < content.size(); j++) {
        chars += block(content.get(j), "messages." + i + ".content." + j, role, answerable,
            hasToolConfig);
      }
      previousRole = role;
    }
    return chars;
  }

  private static long block(JsonNode b, String at, String role, Set<String> answerable,
      boolean hasToolConfig) {
    String kind = BedrockRequest.blockKind(b, at);
    switch (kind) {
      case "text" -> {
        String text = b.get("text").asText("");
        if (text.isBlank()) {
          throw BedrockErrors.validation("The text field in the ContentBlock object at " + at
              + " is blank. Add text to the text field, and try again.");
        }
        return text.length();
      }
      case "image" -> {
        JsonNode img = b.get("image");
        String format = img.path("format").asText("");
        if (!Set.of("png", "jpeg", "gif", "webp").contains(format)
            || img.path("source").path("bytes").asText("").isEmpty()) {
          throw BedrockErrors.validation("The image at " + at + " needs a format (png, jpeg, gif,"
              + " webp) and source.bytes.");
        }
        return 1000;
      }
      case "toolUse", "toolResult" -> {
        if (!hasToolConfig) {
          throw BedrockErrors.validation("The toolConfig field must be defined when using toolUse"
              + " and toolResult content blocks.");
        }
        JsonNode t = b.get(kind);
        String id = t.path("toolUseId").asText("");
        if (kind.equals("toolUse")) {
          if (!role.equals("assistant") || id.isEmpty() || t.path("name").asText("").isEmpty()
              || !t.path("input").isObject()) {
            throw BedrockErrors.validation("The toolUse block at " + at + " needs toolUseId, name"
                + " and an input object, in an assistant message.");
          }
        } else if (!role.equals("user") || !answerable.contains(id)) {
          throw BedrockErrors.validation("The toolResult block at " + at + " answers toolUseId '"
              + id + "', which the previous assistant turn did not use. Every toolResult must"
              + " match a toolUse block of the previous turn.");
        }
        return t.toString().length();
      }
      case "reasoningContent" -> {
        if (!role.equals("assistant")) {
          throw BedrockErrors.validation("The reasoningContent block at " + at + " must be in"
              + " an assistant message.");
        }
        BedrockReasoning.validateBlock(b.get(kind), at);
        return b.toString().length();
      }
      default -> {
        return b.toString().length();
      }
    }
  }

  /**
   * The tools the answer calls. As the simulated Anthropic API does: {@code any} calls every
   * tool, in parallel; {@code tool} calls the named one; {@code auto} (the default) calls the
   * first tool unless the last user turn carries tool results, so agent loops terminate (then
   * none: a text answer).
   */
  static List<BedrockRequest.Tool> chosenTools(JsonNode toolConfig, JsonNode messages) {
    BedrockRequest.rejectUnknown(toolConfig, Set.of("tools", "toolChoice"));
    JsonNode tools = toolConfig.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      throw BedrockErrors.validation("The toolConfig.tools field must contain at least one"
          + " tool.");
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode spec = tools.get(i).get("toolSpec");
      if (spec == null || spec.path("name").asText("").isEmpty()
          || !spec.path("inputSchema").path("json").isObject()) {
        throw BedrockErrors.validation("The tool at toolConfig.tools." + i + " needs a toolSpec"
            + " with a name and inputSchema.json.");
      }
    }
    JsonNode choice = toolConfig.get("toolChoice");
    String named = null;
    boolean any = false;
    if (choice != null && !choice.isNull()) {
      BedrockRequest.rejectUnknown(choice, Set.of("auto", "any", "tool"));
      any = choice.has("any");
      named = choice.has("tool") ? choice.get("tool").path("name").asText("") : null;
    }
    if (!any && named == null && endsWithToolResult(messages)) {
      return List.of();
    }
    List<BedrockRequest.Tool> chosen = new ArrayList<>();
    for (JsonNode t : tools) {
      JsonNode spec = t.get("toolSpec");
      if (any || named == null || named.equals(spec.get("name").asText())) {
        chosen.add(new BedrockRequest.Tool(spec.get("name").asText(),
            spec.get("inputSchema").get("json")));
        if (!any) {
          return List.copyOf(chosen);
        }
      }
    }
    if (!chosen.isEmpty()) {
      return List.copyOf(chosen);
    }
    throw BedrockErrors.validation("The tool named in toolChoice.tool (" + named
        + ") is not in toolConfig.tools.");
  }

  private static boolean endsWithToolResult(JsonNode messages) {
    JsonNode last = messages.get(messages.size() - 1);
    for (JsonNode b : last.path("content")) {
      if (b.has("toolResult")) {
        return true;
      }
    }
    return false;
  }
}
