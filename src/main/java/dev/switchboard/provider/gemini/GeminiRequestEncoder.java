package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.ToolChoice;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Gemini {@code GenerateContentRequest} body from an OpenAI chat-completions body: the
 * conversation (via {@link GeminiContents}), {@code generationConfig} from the sampling
 * parameters, limits, stop sequences, {@code n} and JSON mode, and function tools with their tool
 * choice, and {@code reasoning_effort} as a {@code thinkingConfig}. The model travels in the URL,
 * streaming in the method name. OpenAI fields with no Gemini counterpart (logprobs, user,
 * parallel_tool_calls …) are dropped.
 *
 * <p>Threading: stateless; never changes the client's body.
 */
final class GeminiRequestEncoder {
  /** JSON Schema keywords outside the OpenAPI subset Gemini's {@code parameters} accept. */
  private static final Set<String> UNSUPPORTED_SCHEMA_KEYS =
      Set.of("$schema", "additionalProperties");

  private GeminiRequestEncoder() {}

  static ObjectNode encode(JsonNode openAi) {
    GeminiContents.Conversation conv = GeminiContents.translate(openAi.get("messages"));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("contents", conv.contents());
    if (conv.system() != null) {
      out.putObject("systemInstruction").putArray("parts").addObject().put("text", conv.system());
    }
    tools(openAi, out);
    ObjectNode config = generationConfig(openAi);
    if (!config.isEmpty()) {
      out.set("generationConfig", config);
    }
    return out;
  }

  private static ObjectNode generationConfig(JsonNode openAi) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    copyNumber(openAi, "temperature", c, "temperature");
    copyNumber(openAi, "top_p", c, "topP");
    copyNumber(openAi, "presence_penalty", c, "presencePenalty");
    copyNumber(openAi, "frequency_penalty", c, "frequencyPenalty");
    copyNumber(openAi, "seed", c, "seed");
    JsonNode max = openAi.get("max_completion_tokens");
    if (max == null || !max.isNumber()) {
      max = openAi.get("max_tokens");
    }
    if (max != null && max.isNumber()) {
      c.put("maxOutputTokens", max.asLong());
    }
    ArrayNode stops = stopSequences(openAi.get("stop"));
    if (!stops.isEmpty()) {
      c.set("stopSequences", stops);
    }
    JsonNode n = openAi.get("n");
    if (n != null && n.isNumber() && n.asInt() != 1) {
      c.put("candidateCount", n.asInt());
    }
    responseFormat(openAi.get("response_format"), c);
    thinking(openAi.path("reasoning_effort").asText(""), c);
    return c;
  }

  /**
   * {@code reasoning_effort} as a thinking budget, with the thought summaries that come back as
   * {@code reasoning_content}; {@code none} turns thinking off where the model allows it.
   */
  private static void thinking(String effort, ObjectNode c) {
    int budget = switch (effort) {
      case "none" -> 0;
      case "minimal", "low" -> 1024;
      case "medium" -> 8192;
      case "high" -> 24576;
      default -> -1;
    };
    if (budget < 0) {
      return;
    }
    ObjectNode t = c.putObject("thinkingConfig").put("thinkingBudget", budget);
    if (budget > 0) {
      t.put("includeThoughts", true);
    }
  }

  private static void copyNumber(JsonNode from, String name, ObjectNode to, String as) {
    JsonNode v = from.get(name);
    if (v != null && v.isNumber()) {
      to.set(as, v);
    }
  }

  private static ArrayNode stopSequences(JsonNode stop) {
    ArrayNode seqs = Json.MAPPER.createArrayNode();
    if (stop != null && stop.isTextual()) {
      seqs.add(stop.asText());
    } else if (stop != null && stop.isArray()) {
      stop.forEach(s -> seqs.add(s.asText()));
    }
    return seqs;
  }

  /**
   * JSON mode asks for a JSON answer; a JSON schema is also passed on, in its JSON Schema form
   * ({@code responseJsonSchema}), which Gemini accepts as written.
   */
  private static void responseFormat(JsonNode format, ObjectNode c) {
    String type = format == null ? "" : format.path("type").asText("");
    if ("json_object".equals(type)) {
      c.put("responseMimeType", "application/json");
    } else if ("json_schema".equals(type)) {
      c.put("responseMimeType", "application/json");
      JsonNode schema = format.path("json_schema").get("schema");
      if (schema != null && schema.isObject()) {
        c.set("responseJsonSchema", schema);
      }
    }
  }

  private static void tools(JsonNode openAi, ObjectNode out) {
    JsonNode tools = openAi.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return;
    }
    ArrayNode decls = out.putArray("tools").addObject().putArray("functionDeclarations");
    for (int i = 0; i < tools.size(); i++) {
      decls.add(declaration(tools.get(i), "tools[" + i + "]"));
    }
    ObjectNode choice = toolChoice(openAi.get("tool_choice"));
    if (choice != null) {
      out.putObject("toolConfig").set("functionCallingConfig", choice);
    }
  }

  private static ObjectNode declaration(JsonNode t, String param) {
    if (!"function".equals(t.path("type").asText("function"))) {
      throw GatewayException.invalid(param + ".type",
          "Only function tools can be sent to a Gemini model.");
    }
    JsonNode fn = t.path("function");
    ObjectNode decl = Json.MAPPER.createObjectNode();
    decl.put("name", fn.path("name").asText(""));
    if (fn.hasNonNull("description")) {
      decl.put("description", fn.get("description").asText());
    }
    JsonNode schema = fn.get("parameters");
    // Gemini rejects an object schema without properties; a function without any is left bare.
    if (schema != null && schema.isObject() && !schema.path("properties").isEmpty()) {
      decl.set("parameters", openApiSubset(schema));
    }
    return decl;
  }

  /** A copy of a JSON schema without the keywords Gemini's OpenAPI-subset schema refuses. */
  static JsonNode openApiSubset(JsonNode schema) {
    if (schema.isArray()) {
      ArrayNode copy = Json.MAPPER.createArrayNode();
      schema.forEach(s -> copy.add(openApiSubset(s)));
      return copy;
    }
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode copy = Json.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (UNSUPPORTED_SCHEMA_KEYS.contains(e.getKey())) {
        continue;
      }
      if ("properties".equals(e.getKey()) && e.getValue().isObject()) {
        // Property names are the caller's, not keywords: only their schemas are cleaned.
        ObjectNode props = copy.putObject("properties");
        e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(),
            openApiSubset(p.getValue())));
      } else {
        copy.set(e.getKey(), openApiSubset(e.getValue()));
      }
    }
    return copy;
  }

  private static ObjectNode toolChoice(JsonNode node) {
    ToolChoice choice = ToolChoice.read(node);
    if (choice == null) {
      return null;
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (choice.mode()) {
      case AUTO -> out.put("mode", "AUTO");
      case REQUIRED -> out.put("mode", "ANY");
      case NONE -> out.put("mode", "NONE");
      case FUNCTION -> out.put("mode", "ANY").putArray("allowedFunctionNames")
          .add(choice.function());
    }
    return out;
  }
}
