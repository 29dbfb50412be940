package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.ChatContent;
import dev.switchboard.provider.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an OpenAI {@code messages} array into Gemini's {@code systemInstruction} text and its
 * {@code contents} array of parts: system and developer messages move to the instruction,
 * assistant turns get role {@code model}, tool calls become {@code functionCall} parts and
 * {@code tool} messages {@code functionResponse} parts of a user turn. Gemini has no call ids, so
 * a tool message is tied to the function name of the earlier call with its {@code tool_call_id}.
 * Consecutive turns of one role are merged, so parallel tool answers travel together.
 *
 * <p>Threading: stateless; each call builds new nodes and never changes its input.
 */
final class GeminiContents {

  /** The translated conversation: system text (null when there was none) and the turns. */
  record Conversation(String system, ArrayNode contents) {}

  private GeminiContents() {}

  static Conversation translate(JsonNode openAiMessages) {
    if (openAiMessages == null || !openAiMessages.isArray() || openAiMessages.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array.");
    }
    List<String> system = new ArrayList<>();
    Map<String, String> callNames = new HashMap<>();
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < openAiMessages.size(); i++) {
      JsonNode m = openAiMessages.get(i);
      String role = m.path("role").asText("");
      String param = "messages[" + i + "]";
      switch (role) {
        case "system", "developer" -> system.add(ChatContent.systemText(m.get("content"), param, "a Gemini model"));
        case "user" -> append(out, "user", userParts(m.get("content"), param));
        case "assistant" -> append(out, "model", modelParts(m, param, callNames));
        case "tool" -> append(out, "user", functionResponse(m, param, callNames));
        default -> throw GatewayException.invalid(param + ".role",
            "Role '" + role + "' cannot be sent to a Gemini model (expected system, developer,"
                + " user, assistant or tool).");
      }
    }
    String systemText = ChatContent.joinSystem(system);
    return new Conversation(systemText, out);
  }

  /** Adds a turn, merging it into the previous one when both have the same role. */
  private static void append(ArrayNode out, String role, ArrayNode items) {
    ChatContent.appendTurn(out, role, "parts", items);
  }

  private static ArrayNode userParts(JsonNode content, String param) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    ChatContent.userParts(content, param, "a Gemini model", new ChatContent.UserPartSink() {
      @Override
      public void text(String text) {
        addText(parts, text);
      }

      @Override
      public void image(String url, String at) {
        parts.add(inlineData(url, at));
      }
    });
    return parts;
  }

  /** Gemini rejects parts without data, so empty strings are left out. */
  private static void addText(ArrayNode parts, String text) {
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
  }

  /**
   * An {@code inlineData} part from a base64 {@code data:} URL. Remote URLs are refused: Gemini's
   * {@code fileData} only takes files it can reach itself (its File API, Cloud Storage), so a
   * clear error here beats an opaque one from upstream.
   */
  static ObjectNode inlineData(String url, String param) {
    int comma = url.indexOf(',');
    String meta = comma < 0 || !url.startsWith("data:") ? "" : url.substring(5, comma);
    if (!meta.endsWith(";base64")) {
      throw GatewayException.invalid(param + ".image_url.url", "A Gemini model takes images as"
          + " base64 data URLs (data:image/png;base64,…); fetch remote images first.");
    }
    ObjectNode part = Json.MAPPER.createObjectNode();
    part.putObject("inlineData")
        .put("mimeType", meta.substring(0, meta.length() - ";base64".length()))
        .put("data", url.substring(comma + 1));
    return part;
  }

  private static ArrayNode modelParts(JsonNode m, String param, Map<String, String> callNames) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    ChatContent.assistantTexts(m.get("content"), text -> addText(parts, text));
    JsonNode calls = m.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (int i = 0; i < calls.size(); i++) {
        JsonNode call = calls.get(i);
        String name = call.path("function").path("name").asText("");
        // A later call may reuse an id (ids restart per answer): the latest one wins.
        callNames.put(call.path("id").asText(""), name);
        ObjectNode part = parts.addObject();
        ObjectNode fc = part.putObject("functionCall").put("name", name);
        fc.set("args", arguments(call, param + ".tool_calls[" + i + "]"));
        // Gemini wants the thought signature it gave a call back on that very part.
        JsonNode signature = call.at("/extra_content/google/thought_signature");
        if (signature.isTextual() && !signature.asText().isEmpty()) {
          part.put("thoughtSignature", signature.asText());
        }
      }
    }
    return parts;
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
        "Tool call arguments must be a JSON object to be sent to a Gemini model.");
  }

  private static ArrayNode functionResponse(JsonNode m, String param,
      Map<String, String> callNames) {
    String id = m.path("tool_call_id").asText("");
    String name = callNames.get(id);
    if (name == null) {
      throw GatewayException.invalid(param + ".tool_call_id", "Tool message answers call '" + id
          + "', which no earlier assistant message made; Gemini needs the function's name.");
    }
    ObjectNode fr = Json.MAPPER.createObjectNode();
    fr.putObject("functionResponse").put("name", name).set("response", response(m.get("content")));
    ArrayNode parts = Json.MAPPER.createArrayNode();
    parts.add(fr);
    return parts;
  }

  /**
   * Gemini wants the result as a JSON object: a tool answer that is one is sent as is, any other
   * text is wrapped as {@code {"result": text}}.
   */
  private static JsonNode response(JsonNode content) {
    String text;
    if (content == null || content.isNull()) {
      text = "";
    } else if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      content.forEach(p -> sb.append(p.path("text").asText("")));
      text = sb.toString();
    } else {
      text = content.asText();
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode parsed = Json.MAPPER.readTree(trimmed);
        if (parsed != null && parsed.isObject()) {
          return parsed;
        }
      } catch (JsonProcessingException e) {
        // not JSON after all: wrapped below
      }
    }
    return Json.MAPPER.createObjectNode().put("result", text);
  }
}
