package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.TransformsSpec.InjectPosition;
import dev.switchboard.config.TransformsSpec.Injection;
import dev.switchboard.config.TransformsSpec.Match;
import dev.switchboard.config.TransformsSpec.RequestActions;
import dev.switchboard.config.TransformsSpec.ResponseActions;
import dev.switchboard.config.TransformsSpec.Rule;
import dev.switchboard.config.TransformsSpec.SystemPosition;
import dev.switchboard.config.TransformsSpec.SystemPrompt;
import dev.switchboard.config.TransformsSpec.Template;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code transformations:} into a {@link TransformsSpec}: rule names, match lists, every
 * action, and every template (an unknown {@code {variable}} is an error naming its path).
 * Stateless; each call works only on the reader it is given.
 */
final class TransformsSection {
  /** Request fields a rule may not remove: routing and the edge's stream decision need them. */
  static final Set<String> KEPT_REQUEST_FIELDS = Set.of("model", "messages", "stream");
  /** Answer fields a rule may not remove: clients and the Anthropic translation need them. */
  static final Set<String> KEPT_RESPONSE_FIELDS = Set.of("choices", "object", "data");

  private TransformsSection() {}

  static TransformsSpec read(NodeReader root) {
    if (!root.present("transformations")) {
      return TransformsSpec.defaults();
    }
    NodeReader r = root.object("transformations");
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    r.forEachObject("rules", rule -> {
      Rule read = readRule(rule, names);
      if (read != null) {
        rules.add(read);
      }
    });
    r.rejectUnknownFields();
    return new TransformsSpec(true, rules);
  }

  private static Rule readRule(NodeReader r, Set<String> names) {
    String name = r.string("name", "").trim();
    if (name.isEmpty()) {
      r.error("name", "required: a unique name for the rule (it labels the rule's metrics)");
    } else if (!names.add(name)) {
      r.error("name", "duplicate rule name '" + name + "'; names must be unique");
    }
    Match match = readMatch(r.object("match"));
    RequestActions request = r.present("request") ? readRequest(r.object("request")) : null;
    ResponseActions response = r.present("response") ? readResponse(r.object("response")) : null;
    if (!r.present("request") && !r.present("response")) {
      r.errorHere("a rule needs request: or response: (or both)");
    }
    r.rejectUnknownFields();
    return name.isEmpty() ? null : new Rule(name, match, request, response);
  }

  private static Match readMatch(NodeReader m) {
    List<String> models = names(m, "models");
    for (int i = 0; i < models.size(); i++) {
      int star = models.get(i).indexOf('*');
      if (star >= 0 && star != models.get(i).length() - 1) {
        m.error("models[" + i + "]", "'*' may only end a name ('gpt-4o*' matches by prefix),"
            + " got '" + models.get(i) + "'");
      }
    }
    Match match = new Match(models, names(m, "tenants"), names(m, "teams"), names(m, "keys"));
    m.rejectUnknownFields();
    return match;
  }

  /** A list of non-empty trimmed names. */
  private static List<String> names(NodeReader r, String field) {
    List<String> out = new ArrayList<>();
    for (NodeReader.Item item : r.stringList(field)) {
      String v = item.value().trim();
      if (v.isEmpty()) {
        r.error(item.field(), "must not be empty");
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static RequestActions readRequest(NodeReader q) {
    List<String> remove = fields(q, KEPT_REQUEST_FIELDS);
    Map<String, JsonNode> defaults = readDefaults(q);
    Map<String, JsonNode> caps = readCaps(q);
    SystemPrompt system = null;
    if (q.present("system_prompt")) {
      NodeReader s = q.object("system_prompt");
      system = new SystemPrompt(text(s),
          position(s, SystemPosition.class, SystemPosition.PREPEND));
      s.rejectUnknownFields();
    }
    Injection inject = null;
    if (q.present("inject")) {
      NodeReader s = q.object("inject");
      inject = new Injection(text(s), position(s, InjectPosition.class, InjectPosition.LAST_USER),
          s.string("separator", "\n\n"));
      s.rejectUnknownFields();
    }
    q.rejectUnknownFields();
    if (noneGiven(q, "remove", "defaults", "caps", "system_prompt", "inject")) {
      q.errorHere("no actions; use remove, defaults, caps, system_prompt or inject");
    }
    return new RequestActions(remove, defaults, caps, system, inject);
  }

  private static ResponseActions readResponse(NodeReader s) {
    List<String> remove = fields(s, KEPT_RESPONSE_FIELDS);
    String model = s.string("model").orElse(null);
    if (model != null) {
      template(s, "model", model);
    }
    boolean hide = s.bool("hide_provider", false);
    Map<String, String> metadata = s.stringMap("metadata");
    metadata.forEach((k, v) -> template(s, "metadata." + k, v));
    s.rejectUnknownFields();
    if (noneGiven(s, "remove", "model", "hide_provider", "metadata")) {
      s.errorHere("no actions; use remove, model, hide_provider or metadata");
    }
    return new ResponseActions(remove, model, hide, metadata);
  }

  /** Whether none of the action fields is written (a written but invalid one is reported). */
  private static boolean noneGiven(NodeReader r, String... actions) {
    for (String a : actions) {
      if (r.present(a)) {
        return false;
      }
    }
    return true;
  }

  /** {@code remove:}, refusing the fields the gateway itself relies on. */
  private static List<String> fields(NodeReader r, Set<String> kept) {
    List<String> out = names(r, "remove");
    for (int i = 0; i < out.size(); i++) {
      if (kept.contains(out.get(i))) {
        r.error("remove[" + i + "]", "'" + out.get(i) + "' cannot be removed (the gateway needs"
            + " it); removable are other top-level fields such as user or logit_bias");
      }
    }
    return out;
  }

  private static String text(NodeReader s) {
    String text = s.string("text", "");
    if (text.isEmpty()) {
      s.error("text", "required: the text to add (may use {variables})");
    } else {
      template(s, "text", text);
    }
    return text;
  }

  private static <E extends Enum<E>> E position(NodeReader s, Class<E> type, E def) {
    String v = s.string("position", "").trim();
    if (v.isEmpty()) {
      return def;
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    if (!allowed.contains(v.toLowerCase(Locale.ROOT))) {
      s.error("position", "must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
      return def;
    }
    return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
  }

  /** Numeric upper bounds; integers stay integers so {@code max_tokens} is capped to one. */
  private static Map<String, JsonNode> readCaps(NodeReader q) {
    Map<String, JsonNode> caps = new LinkedHashMap<>();
    q.stringMap("caps").forEach((param, text) -> {
      try {
        BigDecimal v = new BigDecimal(text.trim());
        caps.put(param, v.stripTrailingZeros().scale() <= 0
            ? JsonNodeFactory.instance.numberNode(v.longValueExact())
            : JsonNodeFactory.instance.numberNode(v.doubleValue()));
      } catch (NumberFormatException | ArithmeticException e) {
        q.error("caps." + param, "must be a number (the largest value allowed), got '" + text
            + "'");
      }
    });
    return caps;
  }

  /**
   * Any JSON values; every string in them (at any depth) has its {@code ${ENV}} references
   * expanded and is checked as a template.
   */
  private static Map<String, JsonNode> readDefaults(NodeReader q) {
    JsonNode raw = q.raw("defaults");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (!raw.isObject()) {
      q.error("defaults", "expected a mapping of parameter: value");
      return out;
    }
    for (Map.Entry<String, JsonNode> e : raw.properties()) {
      String field = "defaults." + e.getKey();
      if (KEPT_REQUEST_FIELDS.contains(e.getKey())) {
        q.error(field, "'" + e.getKey() + "' cannot have a default; it is the client's choice");
      } else if (e.getValue().isNull()) {
        q.error(field, "expected a value, got nothing");
      } else {
        out.put(e.getKey(), expand(q, field, e.getValue()));
      }
    }
    return out;
  }

  private static JsonNode expand(NodeReader q, String field, JsonNode v) {
    if (v.isTextual()) {
      EnvInterpolator.Result r = EnvInterpolator.interpolate(v.asText(), q.env());
      r.errors().forEach(err -> q.error(field, err));
      template(q, field, r.value());
      return JsonNodeFactory.instance.textNode(r.value());
    }
    if (v.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      v.properties().forEach(e -> copy.set(e.getKey(),
          expand(q, field + "." + e.getKey(), e.getValue())));
      return copy;
    }
    if (v.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < v.size(); i++) {
        copy.add(expand(q, field + "[" + i + "]", v.get(i)));
      }
      return copy;
    }
    return v;
  }

  private static void template(NodeReader r, String field, String text) {
    try {
      Template.parse(text);
    } catch (IllegalArgumentException e) {
      r.error(field, e.getMessage());
    }
  }
}
