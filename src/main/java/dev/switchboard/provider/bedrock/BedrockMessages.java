package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.ChatContent;
import dev.switchboard.provider.Json;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Translates an OpenAI {@code messages} array into Converse's {@code system} blocks and its
 * {@code messages} of content blocks: system and developer messages become {@code system} text
 * blocks, images travel as bytes from base64 data URLs, assistant tool calls become
 * {@code toolUse} blocks and {@code tool} messages {@code toolResult} blocks of a user turn.
 * Converse wants strictly alternating roles, so consecutive turns of one role (parallel tool
 * results, a user text after them) are merged into one message.
 *
 * <p>Threading: stateless; each call builds new nodes and never changes its input.
 */
final class BedrockMessages {
  static final String FAMILY = "a Bedrock model";
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

  /** The translated conversation: the system blocks (maybe empty) and the messages. */
  record Conversation(ArrayNode system, ArrayNode messages, boolean usesTools) {}

  private BedrockMessages() {}

  static Conversation translate(JsonNode openAiMessages) {
    if (openAiMessages == null || !openAiMessages.isArray() || openAiMessages.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array.");
    }
    ArrayNode system = Json.MAPPER.createArrayNode();
    ArrayNode out = Json.MAPPER.createArrayNode();
    Set<String> callIds = new HashSet<>();
    boolean usesTools = false;
    for (int i = 0; i < openAiMessages.size(); i++) {
      JsonNode m = openAiMessages.get(i);
      String role = m.path("role").asText("");
      String param = "messages[" + i + "]";
      switch (role) {
        case "system", "developer" -> {
          String text = ChatContent.systemText(m.get("content"), param, FAMILY);
          if (!text.isEmpty()) {
            system.addObject().put("text", text);
          }
        }
        case "user" -> append(out, "user", userBlocks(m.get("content"), param));
        case "assistant" -> {
          ArrayNode blocks = assistantBlocks(m, param, callIds);
          usesTools |= m.has("tool_calls");
          append(out, "assistant", blocks);
        }
        case "tool" -> {
          usesTools = true;
          append(out, "user", toolResult(m, param, callIds));
        }
        default -> throw GatewayException.invalid(param + ".role", "Role '" + role
            + "' cannot be sent to " + FAMILY + " (expected system, developer, user,"
            + " assistant or tool).");
      }
    }
    if (out.isEmpty()) {
      throw GatewayException.invalid("messages",
          "A Bedrock model needs at least one user message besides the system instructions.");
    }
    return new Conversation(system, out, usesTools);
  }

  /** Adds a turn, merging it into the previous one when both have the same role. */
  private static void append(ArrayNode out, String role, ArrayNode items) {
    ChatContent.appendTurn(out, role, "content", items);
  }

  private static ArrayNode userBlocks(JsonNode content, String param) {
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    ChatContent.userParts(content, param, FAMILY, new ChatContent.UserPartSink() {
      @Override
      public void text(String text) {
        addText(blocks, text);
      }

      @Override
      public void image(String url, String at) {
        blocks.add(BedrockMessages.image(url, at));
      }
    });
    return blocks;
  }

  /** Converse rejects blank text blocks, so empty strings are left out. */
  private static void addText(ArrayNode blocks, String text) {
    if (!text.isEmpty()) {
      blocks.addObject().put("text", text);
    }
  }

  /**
   * An {@code image} block from a base64 {@code data:} URL. Converse takes image bytes (or S3
   * locations) only, never web URLs, so a remote URL is refused here with a clear error.
   */
  static ObjectNode image(String url, String param) {
    int comma = url.indexOf(',');
    String meta = comma < 0 || !url.startsWith("data:") ? "" : url.substring(5, comma);
    if (!meta.endsWith(";base64")) {
      throw GatewayException.invalid(param + ".image_url.url", FAMILY.substring(2)
          + " takes images as base64 data URLs (data:image/png;base64,…), not web URLs;"
          + " fetch the image first.");
    }
    String mime = meta.substring(0, meta.length() - ";base64".length()).toLowerCase(Locale.ROOT);
    String format = mime.startsWith("image/") ? mime.substring(6) : mime;
    format = format.equals("jpg") ? "jpeg" : format;
    if (!IMAGE_FORMATS.contains(format)) {
      throw GatewayException.invalid(param + ".image_url.url", "Image type '" + mime
          + "' cannot be sent to " + FAMILY + " (png, jpeg, gif and webp can).");
    }
    ObjectNode block = Json.MAPPER.createObjectNode();
    ObjectNode img = block.putObject("image");
    img.put("format", format);
    img.putObject("source").put("bytes", url.substring(comma + 1));
    return block;
  }

  private static ArrayNode assistantBlocks(JsonNode m, String param, Set<String> callIds) {
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    // Claude checks that a tool-using turn starts with its signed reasoning.
    BedrockThinking.replay(m.get("thinking_blocks"), param + ".thinking_blocks", blocks);
    ChatContent.assistantTexts(m.get("content"), text -> addText(blocks, text));
    JsonNode calls = m.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (int i = 0; i < calls.size(); i++) {
        JsonNode call = calls.get(i);
        String at = param + ".tool_calls[" + i + "]";
        String id = call.path("id").asText("");
        if (id.isEmpty()) {
          throw GatewayException.invalid(at + ".id", "A tool call needs an id to be sent to "
              + FAMILY + ".");
        }
        callIds.add(id);
        ObjectNode use = blocks.addObject().putObject("toolUse");
        use.put("toolUseId", id);
        use.put("name", call.path("function").path("name").asText(""));
        use.set("input", arguments(call, at));
      }
    }
    return blocks;
  }

  private static JsonNode arguments(JsonNode call, String param) {
    String args = call.path("function").path("arguments").asText("");
    try {
      JsonNode input = args.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(args);
      if (input.isObject()) {
        return input;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw GatewayException.invalid(param + ".function.arguments",
        "Tool call arguments must be a JSON object to be sent to " + FAMILY + ".");
  }

  private static ArrayNode toolResult(JsonNode m, String param, Set<String> callIds) {
    String id = m.path("tool_call_id").asText("");
    if (!callIds.contains(id)) {
      // Bedrock rejects a toolResult whose toolUse is not in the conversation.
      throw GatewayException.invalid(param + ".tool_call_id", "Tool message answers call '" + id
          + "', which no earlier assistant message made.");
    }
    ArrayNode blocks = Json.MAPPER.createArrayNode();
    ObjectNode result = blocks.addObject().putObject("toolResult");
    result.put("toolUseId", id);
    ArrayNode content = result.putArray("content");
    String text = resultText(m.get("content"));
    if (text.isEmpty()) {
      content.addObject().putObject("json"); // a blank text block would be rejected
    } else {
      content.addObject().put("text", text);
    }
    return blocks;
  }

  private static String resultText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      content.forEach(p -> sb.append(p.path("text").asText("")));
      return sb.toString();
    }
    return content.asText();
  }
}
