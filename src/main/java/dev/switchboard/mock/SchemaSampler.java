package dev.switchboard.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds one deterministic sample value that satisfies a JSON schema: used for tool-call arguments
 * and {@code json_schema} structured output.
 *
 * <p>Stateless; safe from any thread. Handles the subset function schemas use in practice
 * ({@code type} (also as a list), {@code properties}, {@code items}, {@code enum}, {@code const},
 * {@code anyOf}/{@code oneOf}/{@code allOf}, {@code minimum}, {@code format}); {@code $ref} and
 * anything unknown yield an empty object or a string so the output stays valid JSON.
 */
final class SchemaSampler {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Recursive schemas must still terminate. */
  private static final int MAX_DEPTH = 8;

  private SchemaSampler() {}

  static JsonNode sample(JsonNode schema) {
    return sample(schema, "value", 0);
  }

  private static JsonNode sample(JsonNode schema, String name, int depth) {
    if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
      return depth > MAX_DEPTH ? NODES.nullNode() : NODES.objectNode();
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
      return enumValues.get(0);
    }
    for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
      JsonNode options = schema.get(combinator);
      if (options != null && options.isArray() && !options.isEmpty()) {
        return sample(firstNonNull(options), name, depth + 1);
      }
    }
    return switch (type(schema)) {
      case "object" -> sampleObject(schema, depth);
      case "array" -> sampleArray(schema, name, depth);
      case "integer" -> integer(schema.path("minimum").asLong(1));
      case "number" -> NODES.numberNode(schema.path("minimum").asDouble(1.5));
      case "boolean" -> NODES.booleanNode(true);
      case "null" -> NODES.nullNode();
      default -> NODES.textNode(sampleString(schema, name));
    };
  }

  private static JsonNode integer(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static ObjectNode sampleObject(JsonNode schema, int depth) {
    ObjectNode out = NODES.objectNode();
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), sample(e.getValue(), e.getKey(), depth + 1));
      }
    }
    return out;
  }

  private static ArrayNode sampleArray(JsonNode schema, String name, int depth) {
    ArrayNode out = NODES.arrayNode();
    int count = Math.max(1, schema.path("minItems").asInt(1));
    for (int i = 0; i < Math.min(count, 3); i++) {
      out.add(sample(schema.get("items"), name, depth + 1));
    }
    return out;
  }

  private static String sampleString(JsonNode schema, String name) {
    return switch (schema.path("format").asText("")) {
      case "date-time" -> "2024-01-01T00:00:00Z";
      case "date" -> "2024-01-01";
      case "email" -> "user@example.com";
      case "uri", "url" -> "https://example.com";
      case "uuid" -> "00000000-0000-4000-8000-000000000000";
      default -> "sample " + name;
    };
  }

  /** The schema's type; for {@code ["string","null"]} the first non-null one. */
  private static String type(JsonNode schema) {
    JsonNode t = schema.get("type");
    if (t == null) {
      return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }
    if (t.isArray()) {
      for (JsonNode each : t) {
        if (!"null".equals(each.asText())) {
          return each.asText();
        }
      }
      return "null";
    }
    // Gemini's OpenAPI-subset schemas spell types in upper case (OBJECT, STRING).
    return t.asText().toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonNode firstNonNull(JsonNode options) {
    for (JsonNode option : options) {
      if (!"null".equals(option.path("type").asText())) {
        return option;
      }
    }
    return options.get(0);
  }
}
