package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ToolChoice;

/**
 * Builds an Anthropic Messages API request body from an OpenAI chat-completions body: the
 * conversation (via {@link AnthropicMessages}), the sampling parameters, tools and tool choice,
 * and {@code reasoning_effort} as an extended-thinking budget. OpenAI fields with no Anthropic
 * counterpart (seed, logprobs, response_format …) are dropped.
 *
 * <p>Threading: stateless; never changes the client's body.
 */
final class AnthropicRequestEncoder {
  /** Anthropic requires max_tokens; this is used when the client gave no limit. */
  static final int DEFAULT_MAX_TOKENS = 4096;
  /** Anthropic's smallest accepted thinking budget. */
  static final int MIN_THINKING_BUDGET = 1024;

  private AnthropicRequestEncoder() {}

  static ObjectNode encode(JsonNode openAi, String model, boolean stream) {
    rejectUnsupported(openAi);
    AnthropicMessages.Conversation conv = AnthropicMessages.translate(openAi.get("messages"));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("model", model);
    int budget = thinkingBudget(openAi.path("reasoning_effort").asText(""));
    long maxTokens = maxTokens(openAi, budget);
    out.put("max_tokens", maxTokens);
    if (conv.system() != null) {
      out.put("system", conv.system());
    }
    out.set("messages", conv.messages());
    // Thinking must leave room for the answer, and does not combine with sampling changes.
    boolean thinking = budget > 0 && budget < maxTokens;
    if (thinking) {
      out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    } else {
      sampling(openAi, out);
    }
    stopSequences(openAi.get("stop"), out);
    tools(openAi, out);
    String user = openAi.path("user").asText("");
    if (!user.isEmpty()) {
      out.putObject("metadata").put("user_id", user);
    }
    if (stream) {
      out.put("stream", true);
    }
    return out;
  }

  private static void rejectUnsupported(JsonNode openAi) {
    JsonNode n = openAi.get("n");
    if (n != null && n.isNumber() && n.asInt() != 1) {
      throw GatewayException.invalid("n",
          "Anthropic models answer with one choice; 'n' must be 1 or absent.");
    }
  }

  /** The client's limit (the newer name first), else the default, raised to fit thinking. */
  private static long maxTokens(JsonNode openAi, int budget) {
    JsonNode given = openAi.get("max_completion_tokens");
    if (given == null || !given.isNumber()) {
      given = openAi.get("max_tokens");
    }
    if (given != null && given.isNumber()) {
      return given.asLong();
    }
    return budget > 0 ? budget + (long) DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS;
  }

  /** Thinking budget for an OpenAI reasoning effort; 0 means no thinking. */
  static int thinkingBudget(String effort) {
    return switch (effort) {
      case "low" -> MIN_THINKING_BUDGET;
      case "medium" -> 4096;
      case "high" -> 16384;
      default -> 0;
    };
  }

  private static void sampling(JsonNode openAi, ObjectNode out) {
    JsonNode t = openAi.get("temperature");
    if (t != null && t.isNumber()) {
      // OpenAI accepts 0..2, Anthropic 0..1: the top of OpenAI's range is Anthropic's most random.
      out.put("temperature", Math.min(1.0, t.asDouble()));
    }
    JsonNode p = openAi.get("top_p");
    if (p != null && p.isNumber()) {
      out.put("top_p", p.asDouble());
    }
  }

  private static void stopSequences(JsonNode stop, ObjectNode out) {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode seqs = Json.MAPPER.createArrayNode();
    if (stop.isTextual()) {
      seqs.add(stop.asText());
    } else if (stop.isArray()) {
      stop.forEach(s -> seqs.add(s.asText()));
    }
    if (!seqs.isEmpty()) {
      out.set("stop_sequences", seqs);
    }
  }

  private static void tools(JsonNode openAi, ObjectNode out) {
    JsonNode tools = openAi.get("tools");
    if (tools != null && tools.isArray() && !tools.isEmpty()) {
      ArrayNode list = out.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        list.add(tool(tools.get(i), "tools[" + i + "]"));
      }
    }
    ObjectNode choice = toolChoice(openAi.get("tool_choice"));
    JsonNode parallel = openAi.get("parallel_tool_calls");
    if (parallel != null && parallel.isBoolean() && !parallel.asBoolean() && out.has("tools")) {
      if (choice == null) {
        choice = Json.MAPPER.createObjectNode().put("type", "auto");
      }
      if (!"none".equals(choice.path("type").asText())) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      out.set("tool_choice", choice);
    }
  }

  private static ObjectNode tool(JsonNode t, String param) {
    if (!"function".equals(t.path("type").asText("function"))) {
      throw GatewayException.invalid(param + ".type",
          "Only function tools can be sent to an Anthropic model.");
    }
    JsonNode fn = t.path("function");
    ObjectNode tool = Json.MAPPER.createObjectNode();
    tool.put("name", fn.path("name").asText(""));
    if (fn.hasNonNull("description")) {
      tool.put("description", fn.get("description").asText());
    }
    JsonNode schema = fn.get("parameters");
    if (schema == null || !schema.isObject()) {
      // Anthropic requires a schema; a function without parameters takes an empty object.
      ObjectNode empty = Json.MAPPER.createObjectNode().put("type", "object");
      empty.putObject("properties");
      schema = empty;
    }
    tool.set("input_schema", schema);
    return tool;
  }

  private static ObjectNode toolChoice(JsonNode node) {
    ToolChoice choice = ToolChoice.read(node);
    if (choice == null) {
      return null;
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    return switch (choice.mode()) {
      case AUTO -> out.put("type", "auto");
      case REQUIRED -> out.put("type", "any");
      case NONE -> out.put("type", "none");
      case FUNCTION -> out.put("type", "tool").put("name", choice.function());
    };
  }
}
