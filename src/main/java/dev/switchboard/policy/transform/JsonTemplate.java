package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.config.TransformsSpec.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value whose strings (at any depth) are templates, compiled once: rendering walks the
 * precompiled parts and never parses. Scalars without variables are shared (Jackson's scalar nodes
 * are immutable); mappings and lists are built fresh for every request, since later stages may
 * edit the request body in place.
 *
 * <p>Threading: immutable, shared by every event loop.
 */
@FunctionalInterface
interface JsonTemplate {

  /** The value for one request. */
  JsonNode render(TemplateContext ctx);

  /** Compiles {@code value}; its strings were already checked by the configuration loader. */
  static JsonTemplate compile(JsonNode value) {
    if (value.isTextual()) {
      Template t = Template.parse(value.asText());
      if (t.constant()) {
        return ctx -> value;
      }
      return ctx -> TextNode.valueOf(ctx.render(t));
    }
    if (value.isObject()) {
      Map<String, JsonTemplate> fields = new LinkedHashMap<>();
      value.properties().forEach(e -> fields.put(e.getKey(), compile(e.getValue())));
      return ctx -> {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        fields.forEach((k, part) -> out.set(k, part.render(ctx)));
        return out;
      };
    }
    if (value.isArray()) {
      List<JsonTemplate> items = new ArrayList<>(value.size());
      value.forEach(item -> items.add(compile(item)));
      return ctx -> {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(items.size());
        items.forEach(part -> out.add(part.render(ctx)));
        return out;
      };
    }
    return ctx -> value;
  }
}
