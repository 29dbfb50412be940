package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ToolChoice;

/**
 * Builds a Bedrock Converse / ConverseStream request body from an OpenAI chat-completions body:
 * the conversation (via {@link BedrockMessages}), {@code inferenceConfig} from the sampling
 * parameters and stop sequences, and {@code toolConfig} from function tools and the tool choice.
 * {@code reasoning_effort} asks Claude models to think ({@link BedrockThinking}). The model
 * travels in the URL, streaming in the operation name. OpenAI fields with no Converse
 * counterpart (penalties, seed, logprobs, user, response_format …) are dropped; {@code n > 1} is
 * refused because Converse answers with exactly one message.
 *
 * <p>Threading: stateless; never changes the client's body.
 */
final class BedrockRequestEncoder {
  /** Room for the answer beside a thinking budget when the client set no limit. */
  private static final int DEFAULT_ANSWER_TOKENS = 4096;

  private BedrockRequestEncoder() {}

  /** The Converse body for {@code openAi}, sent to {@code model}. */
  static ObjectNode encode(JsonNode openAi, String model) {
    JsonNode n = openAi.get("n");
    if (n != null && n.isNumber() && n.asInt() != 1) {
      throw GatewayException.invalid("n", "A Bedrock model answers with one choice; set n to 1.");
    }
    BedrockMessages.Conversation conv = BedrockMessages.translate(openAi.get("messages"));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("messages", conv.messages());
    if (!conv.system().isEmpty()) {
      out.set("system", conv.system());
    }
    int budget = BedrockThinking.budget(openAi.path("reasoning_effort").asText(""), model);
    ObjectNode config = inferenceConfig(openAi);
    if (budget > 0 && !config.has("maxTokens")) {
      config.put("maxTokens", budget + DEFAULT_ANSWER_TOKENS);
    }
    // Thinking must leave room for the answer, and does not combine with sampling changes.
    if (budget > 0 && budget < config.get("maxTokens").asInt()) {
      config.remove("temperature");
      config.remove("topP");
      out.putObject("additionalModelRequestFields").putObject("thinking")
          .put("type", "enabled").put("budget_tokens", budget);
    }
    if (!config.isEmpty()) {
      out.set("inferenceConfig", config);
    }
    ObjectNode tools = toolConfig(openAi, conv.usesTools());
    if (tools != null) {
      out.set("toolConfig", tools);
    }
    return out;
  }

  private static ObjectNode inferenceConfig(JsonNode openAi) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    JsonNode max = openAi.get("max_completion_tokens");
    if (max == null || !max.isNumber()) {
      max = openAi.get("max_tokens");
    }
    if (max != null && max.isNumber()) {
      c.put("maxTokens", max.asInt());
    }
    copyNumber(openAi, "temperature", c, "temperature");
    copyNumber(openAi, "top_p", c, "topP");
    JsonNode stop = openAi.get("stop");
    ArrayNode stops = Json.MAPPER.createArrayNode();
    if (stop != null && stop.isTextual()) {
      stops.add(stop.asText());
    } else if (stop != null && stop.isArray()) {
      stop.forEach(s -> stops.add(s.asText()));
    }
    if (!stops.isEmpty()) {
      c.set("stopSequences", stops);
    }
    return c;
  }

  private static void copyNumber(JsonNode from, String name, ObjectNode to, String as) {
    JsonNode v = from.get(name);
    if (v != null && v.isNumber()) {
      to.set(as, v);
    }
  }

  /**
   * The tools and the choice among them. Converse has no "none": with {@code tool_choice: none}
   * the tools are left out, unless the conversation already holds tool blocks, which Converse
   * only accepts next to a {@code toolConfig} (the model then chooses freely).
   */
  private static ObjectNode toolConfig(JsonNode openAi, boolean conversationUsesTools) {
    JsonNode tools = openAi.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return null;
    }
    ToolChoice choice = ToolChoice.read(openAi.get("tool_choice"));
    boolean none = choice != null && choice.mode() == ToolChoice.Mode.NONE;
    if (none && !conversationUsesTools) {
      return null;
    }
    ObjectNode config = Json.MAPPER.createObjectNode();
    ArrayNode specs = config.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      specs.addObject().set("toolSpec", toolSpec(tools.get(i), "tools[" + i + "]"));
    }
    ObjectNode chosen = none ? null : toolChoice(choice);
    if (chosen != null) {
      config.set("toolChoice", chosen);
    }
    return config;
  }

  private static ObjectNode toolSpec(JsonNode t, String param) {
    if (!"function".equals(t.path("type").asText("function"))) {
      throw GatewayException.invalid(param + ".type",
          "Only function tools can be sent to " + BedrockMessages.FAMILY + ".");
    }
    JsonNode fn = t.path("function");
    String name = fn.path("name").asText("");
    if (name.isEmpty()) {
      throw GatewayException.invalid(param + ".function.name", "A tool needs a name.");
    }
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("name", name);
    if (fn.hasNonNull("description") && !fn.get("description").asText().isEmpty()) {
      spec.put("description", fn.get("description").asText());
    }
    JsonNode schema = fn.get("parameters");
    // Converse requires an input schema; a function without parameters takes an empty object.
    ObjectNode json = schema != null && schema.isObject() ? ((ObjectNode) schema).deepCopy()
        : Json.MAPPER.createObjectNode().put("type", "object");
    if (!json.has("type")) {
      json.put("type", "object");
    }
    spec.putObject("inputSchema").set("json", json);
    return spec;
  }

  /** Converse's toolChoice; "none" never gets here (the tools are left out instead). */
  private static ObjectNode toolChoice(ToolChoice choice) {
    if (choice == null) {
      return null;
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (choice.mode()) {
      case REQUIRED -> out.putObject("any");
      case FUNCTION -> out.putObject("tool").put("name", choice.function());
      default -> out.putObject("auto");
    }
    return out;
  }
}
