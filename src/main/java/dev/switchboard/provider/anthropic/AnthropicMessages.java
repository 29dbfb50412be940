package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.ChatContent;
import dev.switchboard.provider.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an OpenAI {@code messages} array into Anthropic's {@code system} text and its
 * {@code messages} array of content blocks: system and developer messages move to the top level,
 * {@code tool} messages become user turns holding {@code tool_result} blocks, and consecutive turns
 * of one role are merged, because Anthropic wants user and assistant to alternate. An assistant
 * message's {@code thinking_blocks} are replayed as thinking blocks ahead of its tool calls.
 *
 * <p>Threading: stateless; each call builds new nodes and never changes its input.
 */
final class AnthropicMessages {

  /** The translated conversation: system text (null when there was none) and the turns. */
  record Conversation(String system, ArrayNode messages) {}

  private AnthropicMessages() {}

  static Conversation translate(JsonNode openAiMessages) {
    if (openAiMessages == null || !openAiMessages.isArray() || openAiMessages.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array.");
    }
    List<String> system = new ArrayList<>();
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < openAiMessages.size(); i++) {
      JsonNode m = openAiMessages.get(i);
      String role = m.path("role").asText("");
      String param = "messages[" + i + "]";
      switch (role) {
        case "system", "developer" -> system.add(ChatContent.systemText(m.get("content"), param, "an Anthropic model"));
        case "user" -> append(out, "user", userBlocks(m.get("content"), param));
        case "assistant" -> append(out, "assistant", assistantBlocks(m, param));
        case "tool" -> append(out, "user", toolResult(m, param));
        default -> throw GatewayException.invalid(param + ".role",
            "Role '" + role + "' cannot be sent to an Anthropic model (expected system, developer,"
                + " user, assistant or tool).");
      }
    }
    String systemText = ChatContent.joinSystem(system);
    return new Conversation(systemText, out);
  }

  /** Adds a turn, merging it into the previous one when both have the same role. */
  private static void append(ArrayNode out, String role, ArrayNode blocks) {
    ArrayNode content = ChatContent.appendTurn(out, role, "content", blocks);
    if (content != null && content != blocks) {
      toolResultsFirst(content);
    }
  }

  /**
   * Anthropic wants a user turn's tool results before its other blocks; a stable partition keeps
   * the order within each group.
   */
  private static void toolResultsFirst(ArrayNode content) {
    List<JsonNode> results = new ArrayList<>();
    List<JsonNode> others = new ArrayList<>();
    content.forEach(b -> ("tool_result".equals(b.path("type").asText()) ? results : others).add(b));
    if (results.isEmpty() || others.isEmpty()) {
      return;
    }
    content.removeAll();
    content.addAll(results);
    content.addAll(others);
  }

  private static ArrayNode userBlocks(JsonNode content, String param) {
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    ChatContent.userParts(content, param, "an Anthropic model", new ChatContent.UserPartSink() {
      @Override
      public void text(String text) {
        addText(blocks, text);
      }

      @Override
      public void image(String url, String at) {
        blocks.add(AnthropicMessages.image(url, at));
      }
    });
    return blocks;
  }

  /** Anthropic rejects empty text blocks, so empty strings are left out. */
  private static void addText(ArrayNode blocks, String text) {
    if (!text.isEmpty()) {
      blocks.addObject().put("type", "text").put("text", text);
    }
  }

  /** An image block: a {@code data:} URL becomes a base64 source, anything else a URL source. */
  static ObjectNode image(String url, String param) {
    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (!url.startsWith("data:")) {
      if (url.isEmpty()) {
        throw GatewayException.invalid(param + ".image_url.url", "The image URL is empty.");
      }
      source.put("type", "url").put("url", url);
      return block;
    }
    int comma = url.indexOf(',');
    String meta = comma < 0 ? "" : url.substring(5, comma);
    if (comma < 0 || !meta.endsWith(";base64")) {
      throw GatewayException.invalid(param + ".image_url.url",
          "A data URL image must be base64 encoded (data:image/png;base64,…).");
    }
    source.put("type", "base64")
        .put("media_type", meta.substring(0, meta.length() - ";base64".length()))
        .put("data", url.substring(comma + 1));
    return block;
  }

  private static ArrayNode assistantBlocks(JsonNode m, String param) {
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    // Anthropic wants a turn's thinking first, before its text and tool calls.
    AnthropicThinkingBlocks.replay(m.get("thinking_blocks"), param + ".thinking_blocks", blocks);
    ChatContent.assistantTexts(m.get("content"), text -> addText(blocks, text));
    JsonNode calls = m.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (int i = 0; i < calls.size(); i++) {
        blocks.add(toolUse(calls.get(i), param + ".tool_calls[" + i + "]"));
      }
    }
    return blocks;
  }

  private static ObjectNode toolUse(JsonNode call, String param) {
    JsonNode fn = call.path("function");
    String args = fn.path("arguments").asText("");
    JsonNode input;
    try {
      input = args.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(args);
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid(param + ".function.arguments",
          "Tool call arguments must be a JSON object to be sent to an Anthropic model.");
    }
    if (!input.isObject()) {
      throw GatewayException.invalid(param + ".function.arguments",
          "Tool call arguments must be a JSON object to be sent to an Anthropic model.");
    }
    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use");
    block.put("id", call.path("id").asText("")).put("name", fn.path("name").asText(""));
    block.set("input", input);
    return block;
  }

  private static ArrayNode toolResult(JsonNode m, String param) {
    String id = m.path("tool_call_id").asText("");
    if (id.isEmpty()) {
      throw GatewayException.invalid(param + ".tool_call_id",
          "A tool message needs the tool_call_id it answers.");
    }
    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_result");
    block.put("tool_use_id", id);
    JsonNode content = m.get("content");
    if (content != null && content.isArray()) {
      block.set("content", userBlocks(content, param));
    } else {
      block.put("content", content == null || content.isNull() ? "" : content.asText());
    }
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    blocks.add(block);
    return blocks;
  }
}
