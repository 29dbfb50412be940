package dev.switchboard.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The parts of a {@code POST /v1/chat/completions} body the simulator acts on, validated the way
 * the real API validates them, and the deterministic generation that answers it.
 *
 * <p>Immutable; built and used on the request's event loop.
 *
 * @param model model to report (the request's, or the Azure deployment)
 * @param n number of choices
 * @param stream whether to answer with server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 * @param maxTokens {@code max_completion_tokens} or {@code max_tokens}; null when unlimited
 * @param promptTokens estimated prompt size
 * @param format {@code text}, {@code json_object} or {@code json_schema}
 * @param schema the JSON schema of {@code json_schema} output, or null
 * @param tool the function to call instead of answering with text, or null
 */
record ChatRequest(
    String model,
    int n,
    boolean stream,
    boolean includeUsage,
    Integer maxTokens,
    int promptTokens,
    String format,
    JsonNode schema,
    Tool tool) {

  /** A function the answer calls, with its parameter schema (may be null). */
  record Tool(String name, JsonNode parameters) {}

  /**
   * The answer every choice carries.
   *
   * @param pieces content tokens, or tool-argument fragments when {@code toolName} is set
   * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
   * @param toolName the called function, or null for a text answer
   */
  record Generation(List<String> pieces, String finishReason, String toolName) {
    String joined() {
      return String.join("", pieces);
    }
  }

  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool", "function");
  private static final String ROLE_LIST =
      "'system', 'assistant', 'user', 'function', 'tool', and 'developer'";

  static ChatRequest parse(JsonNode body, String deployment) {
    String model = deployment != null ? deployment : JsonFields.model(body);
    int promptTokens = CompletionText.estimateTokens(messageChars(body));
    int n = JsonFields.integer(body, "n", 1, 1, 128);
    boolean stream = JsonFields.bool(body, "stream", false);
    JsonNode streamOptions = JsonFields.object(body, "stream_options", "stream_options");
    if (streamOptions != null && !stream) {
      throw MockErrors.invalid(
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          "stream_options", null);
    }
    boolean includeUsage =
        streamOptions != null && JsonFields.bool(streamOptions, "include_usage", false);
    Integer maxTokens = JsonFields.integer(body, "max_completion_tokens", null, 1, Integer.MAX_VALUE);
    if (maxTokens == null) {
      maxTokens = JsonFields.integer(body, "max_tokens", null, 1, Integer.MAX_VALUE);
    }
    JsonFields.number(body, "temperature", 0, 2);
    JsonFields.number(body, "top_p", 0, 1);
    JsonNode responseFormat = JsonFields.object(body, "response_format", "response_format");
    String format = responseFormat == null ? "text" : format(responseFormat);
    JsonNode schema = format.equals("json_schema") ? schema(responseFormat) : null;
    return new ChatRequest(
        model, n, stream, includeUsage, maxTokens, promptTokens, format, schema, chosenTool(body));
  }

  private static String format(JsonNode responseFormat) {
    String format = JsonFields.requiredString(responseFormat, "type", "response_format.type");
    if (!Set.of("text", "json_object", "json_schema").contains(format)) {
      throw MockErrors.invalidValue(
          "response_format.type", format, "'text', 'json_object', and 'json_schema'");
    }
    return format;
  }

  /** The schema of {@code json_schema} output; null when the request gives none. */
  private static JsonNode schema(JsonNode responseFormat) {
    JsonNode js = JsonFields.object(responseFormat, "json_schema", "response_format.json_schema");
    if (js == null) {
      throw MockErrors.missing("response_format.json_schema");
    }
    JsonFields.requiredString(js, "name", "response_format.json_schema.name");
    return JsonFields.object(js, "schema", "response_format.json_schema.schema");
  }

  /** Validates every message and counts the characters of its text, the basis of prompt tokens. */
  private static long messageChars(JsonNode body) {
    JsonNode messages = JsonFields.array(body, "messages", "messages");
    if (messages == null) {
      throw MockErrors.missing("messages");
    }
    if (messages.isEmpty()) {
      throw MockErrors.emptyArray("messages");
    }
    long chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String path = "messages[" + i + "]";
      if (!m.isObject()) {
        throw MockErrors.invalidType(path, "an object", JsonFields.describe(m));
      }
      String role = JsonFields.requiredString(m, "role", path + ".role");
      if (!ROLES.contains(role)) {
        throw MockErrors.invalidValue(path + ".role", role, ROLE_LIST);
      }
      if (role.equals("tool")) {
        JsonFields.requiredString(m, "tool_call_id", path + ".tool_call_id");
      }
      JsonNode content = m.get("content");
      if (JsonFields.absent(content)) {
        if (!role.equals("assistant")) {
          throw MockErrors.missing(path + ".content");
        }
      } else if (content.isTextual()) {
        chars += content.textValue().length();
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          chars += part.path("text").asText("").length();
        }
      } else {
        throw MockErrors.invalidType(path + ".content", "one of a string or array of objects",
            JsonFields.describe(content));
      }
    }
    return chars;
  }

  /**
   * The function the answer should call, following {@code tool_choice}; null for text. Left to
   * choose ({@code auto} or absent), it answers a tool's result in words, as a model finishing an
   * agent's turn does, so an agent loop driven through the simulator ends.
   */
  private static Tool chosenTool(JsonNode body) {
    JsonNode tools = JsonFields.array(body, "tools", "tools");
    JsonNode choice = body.get("tool_choice");
    if (tools == null || tools.isEmpty()) {
      if (!JsonFields.absent(choice)) {
        throw MockErrors.invalid(
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are"
                + " specified.", "tool_choice", null);
      }
      return null;
    }
    validateTools(tools);
    if (JsonFields.absent(choice)) {
      return lastIsToolResult(body) ? null : firstFunction(tools, null);
    }
    if (choice.isObject()) {
      String wanted = JsonFields.requiredString(
          choice.path("function"), "name", "tool_choice.function.name");
      Tool tool = firstFunction(tools, wanted);
      if (tool == null) {
        throw MockErrors.invalid(
            "Invalid value for 'tool_choice': function '" + wanted + "' is not in 'tools'.",
            "tool_choice", null);
      }
      return tool;
    }
    if (!choice.isTextual()) {
      throw MockErrors.invalidType("tool_choice", "a string or object", JsonFields.describe(choice));
    }
    return switch (choice.textValue()) {
      case "none" -> null;
      case "auto" -> lastIsToolResult(body) ? null : firstFunction(tools, null);
      case "required" -> firstFunction(tools, null);
      default -> throw MockErrors.invalidValue(
          "tool_choice", choice.textValue(), "'none', 'auto', and 'required'");
    };
  }

  private static boolean lastIsToolResult(JsonNode body) {
    JsonNode messages = body.path("messages");
    return messages.size() > 0
        && messages.get(messages.size() - 1).path("role").asText().equals("tool");
  }

  private static void validateTools(JsonNode tools) {
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String path = "tools[" + i + "]";
      if (!t.isObject()) {
        throw MockErrors.invalidType(path, "an object", JsonFields.describe(t));
      }
      if (JsonFields.requiredString(t, "type", path + ".type").equals("function")) {
        JsonNode fn = JsonFields.object(t, "function", path + ".function");
        if (fn == null) {
          throw MockErrors.missing(path + ".function");
        }
        JsonFields.requiredString(fn, "name", path + ".function.name");
      }
    }
  }

  /** The first function tool, or the one named {@code wanted}; null when there is none. */
  private static Tool firstFunction(JsonNode tools, String wanted) {
    for (JsonNode t : tools) {
      JsonNode fn = t.get("function");
      if (fn != null && (wanted == null || wanted.equals(fn.path("name").asText()))) {
        return new Tool(fn.path("name").asText(), fn.get("parameters"));
      }
    }
    return null;
  }

  /** The deterministic answer for a simulator configured to produce {@code tokens} tokens. */
  Generation generate(int tokens) {
    int limit = maxTokens == null ? Integer.MAX_VALUE : maxTokens;
    if (tool == null && format.equals("text")) {
      int count = Math.min(tokens, limit);
      return new Generation(CompletionText.tokens(count), count < tokens ? "length" : "stop", null);
    }
    String whole;
    if (tool != null) {
      whole = toJson(SchemaSampler.sample(tool.parameters()));
    } else if (schema != null) {
      whole = toJson(SchemaSampler.sample(schema));
    } else {
      whole = toJson(MockJson.MAPPER.createObjectNode().put("response", CompletionText.text(tokens)));
    }
    // Structured output must stay parseable, so it is never shorter than one piece.
    List<String> pieces = CompletionText.split(whole, Math.max(1, tokens));
    String done = tool != null ? "tool_calls" : "stop";
    if (pieces.size() > limit) {
      return new Generation(pieces.subList(0, limit), "length", tool == null ? null : tool.name());
    }
    return new Generation(pieces, done, tool == null ? null : tool.name());
  }

  private static String toJson(JsonNode node) {
    try {
      return MockJson.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
