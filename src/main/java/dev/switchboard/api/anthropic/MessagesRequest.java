package dev.switchboard.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;

/**
 * Translates an Anthropic Messages API request ({@code POST /v1/messages}) into the gateway's
 * canonical OpenAI chat request, so any configured model can serve Anthropic clients: the system
 * prompt becomes a system message, content blocks become OpenAI content parts, {@code tool_use}
 * blocks become assistant {@code tool_calls}, {@code tool_result} blocks become {@code tool}
 * messages, and tools, tool choice, stop sequences and sampling settings map one to one.
 * {@code thinking} becomes {@code reasoning_effort} ({@link MessagesThinking}); thinking blocks of
 * earlier assistant turns become {@code reasoning_content} and {@code thinking_blocks}.
 * Stateless.
 */
public final class MessagesRequest {
  private MessagesRequest() {}

  /** The OpenAI chat body for an Anthropic request; refuses what Anthropic would refuse. */
  public static ObjectNode toOpenAi(ObjectNode in) {
    return toOpenAi(in, false);
  }

  /**
   * As {@link #toOpenAi(ObjectNode)}; a token count ({@code countOnly}) needs no
   * {@code max_tokens}.
   */
  public static ObjectNode toOpenAi(ObjectNode in, boolean countOnly) {
    require(in, "model", JsonNode::isTextual, "a string naming the model");
    if (!countOnly) {
      require(in, "max_tokens", JsonNode::canConvertToInt, "an integer (Anthropic requires it)");
    }
    require(in, "messages", JsonNode::isArray, "a list of messages");
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("model", in.get("model").asText());
    if (in.hasNonNull("max_tokens")) {
      out.put("max_tokens", in.get("max_tokens").asInt());
    }
    ArrayNode messages = out.putArray("messages");
    JsonNode system = in.get("system");
    if (system != null && !system.isNull()) {
      messages.addObject().put("role", "system").put("content", text(system));
    }
    for (JsonNode m : in.get("messages")) {
      String role = m.path("role").asText();
      if (role.equals("system")) {
        // Claude Code puts reminders between turns as system messages; they keep their place.
        messages.addObject().put("role", "system").put("content", text(m.get("content")));
        continue;
      }
      if (!role.equals("user") && !role.equals("assistant")) {
        throw GatewayException.invalid("messages", "Each message's role must be 'user',"
            + " 'assistant' or 'system'; got '" + role + "'.");
      }
      if (role.equals("user")) {
        user(m.get("content"), messages);
      } else {
        assistant(m.get("content"), messages);
      }
    }
    String effort = MessagesThinking.reasoningEffort(in.get("thinking"),
        in.path("max_tokens").asInt(Integer.MAX_VALUE), in.get("output_config"));
    if (effort != null) {
      out.put("reasoning_effort", effort);
    }
    copy(in, "temperature", out, "temperature");
    copy(in, "top_p", out, "top_p");
    copy(in, "stop_sequences", out, "stop");
    if (in.path("metadata").hasNonNull("user_id")) {
      out.put("user", in.path("metadata").path("user_id").asText());
    }
    tools(in, out);
    if (in.path("stream").asBoolean(false)) {
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void user(JsonNode content, ArrayNode messages) {
    if (content == null || content.isTextual()) {
      messages.addObject().put("role", "user").put("content", content == null ? ""
          : content.asText());
      return;
    }
    ArrayNode parts = Json.MAPPER.createArrayNode();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> parts.addObject().put("type", "text").put("text", block.path("text")
            .asText());
        case "image" -> parts.add(image(block.path("source")));
        case "tool_result" -> messages.addObject().put("role", "tool")
            .put("tool_call_id", block.path("tool_use_id").asText())
            .put("content", text(block.get("content")));
        default -> throw GatewayException.invalid("messages", "Unsupported content block type '"
            + block.path("type").asText() + "' in a user message.");
      }
    }
    if (!parts.isEmpty()) {
      messages.addObject().put("role", "user").set("content", parts);
    }
  }

  private static ObjectNode image(JsonNode source) {
    String url = source.path("type").asText().equals("base64")
        ? "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText()
        : source.path("url").asText();
    ObjectNode part = Json.MAPPER.createObjectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private static void assistant(JsonNode content, ArrayNode messages) {
    ObjectNode msg = messages.addObject().put("role", "assistant");
    if (content == null || content.isTextual()) {
      msg.put("content", content == null ? "" : content.asText());
      return;
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    ArrayNode thinking = Json.MAPPER.createArrayNode();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "thinking", "redacted_thinking" -> {
          // Kept for an Anthropic upstream, which needs them back signed, ahead of tool calls.
          thinking.add(block);
          reasoning.append(block.path("thinking").asText(""));
        }
        case "tool_use" -> {
          ObjectNode call = calls.addObject().put("id", block.path("id").asText())
              .put("type", "function");
          call.putObject("function").put("name", block.path("name").asText())
              .put("arguments", block.path("input").toString());
        }
        default -> throw GatewayException.invalid("messages", "Unsupported content block type '"
            + block.path("type").asText() + "' in an assistant message.");
      }
    }
    if (text.length() > 0 || calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      msg.putNull("content");
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    if (reasoning.length() > 0) {
      msg.put("reasoning_content", reasoning.toString());
    }
    if (!thinking.isEmpty()) {
      msg.set("thinking_blocks", thinking);
    }
  }

  private static void tools(ObjectNode in, ObjectNode out) {
    JsonNode tools = in.get("tools");
    if (tools != null && tools.isArray() && !tools.isEmpty()) {
      ArrayNode list = out.putArray("tools");
      for (JsonNode t : tools) {
        ObjectNode fn = list.addObject().put("type", "function").putObject("function");
        fn.put("name", t.path("name").asText());
        if (t.hasNonNull("description")) {
          fn.put("description", t.get("description").asText());
        }
        fn.set("parameters", t.has("input_schema") ? t.get("input_schema")
            : Json.MAPPER.createObjectNode().put("type", "object"));
      }
    }
    JsonNode choice = in.get("tool_choice");
    if (choice != null && choice.isObject()) {
      switch (choice.path("type").asText()) {
        case "any" -> out.put("tool_choice", "required");
        case "none" -> out.put("tool_choice", "none");
        case "tool" -> out.putObject("tool_choice").put("type", "function")
            .putObject("function").put("name", choice.path("name").asText());
        default -> out.put("tool_choice", "auto");
      }
      if (choice.path("disable_parallel_tool_use").asBoolean(false) && out.has("tools")) {
        out.put("parallel_tool_calls", false);
      }
    }
  }

  /** The text of a string or of a list of text blocks. */
  static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode block : node) {
      if (block.path("type").asText().equals("text")) {
        b.append(block.path("text").asText());
      }
    }
    return b.toString();
  }

  private static void copy(ObjectNode in, String from, ObjectNode out, String to) {
    if (in.hasNonNull(from)) {
      out.set(to, in.get(from));
    }
  }

  private static void require(ObjectNode in, String field,
      java.util.function.Predicate<JsonNode> ok, String what) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull() || !ok.test(n)) {
      throw GatewayException.invalid(field, "'" + field + "' is required and must be " + what
          + ".");
    }
  }
}
