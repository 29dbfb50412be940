package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.TransformsSpec;
import dev.switchboard.config.TransformsSpec.Match;
import dev.switchboard.config.TransformsSpec.RequestActions;
import dev.switchboard.config.TransformsSpec.ResponseActions;
import dev.switchboard.config.TransformsSpec.Rule;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules as JSON in the shape of the YAML section ({@code {"rules": [...]}}), so what the admin
 * API's GET answers can be edited and sent back with PUT. Empty lists and absent actions are left
 * out. Stateless.
 */
final class RuleViews {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RuleViews() {}

  static ObjectNode section(TransformsSpec spec) {
    ObjectNode out = F.objectNode();
    ArrayNode rules = out.putArray("rules");
    for (Rule r : spec.rules()) {
      ObjectNode rule = rules.addObject().put("name", r.name());
      ObjectNode match = match(r.match());
      if (!match.isEmpty()) {
        rule.set("match", match);
      }
      if (r.request() != null) {
        rule.set("request", request(r.request()));
      }
      if (r.response() != null) {
        rule.set("response", response(r.response()));
      }
    }
    return out;
  }

  private static ObjectNode match(Match m) {
    ObjectNode out = F.objectNode();
    list(out, "models", m.models());
    list(out, "tenants", m.tenants());
    list(out, "teams", m.teams());
    list(out, "keys", m.keys());
    return out;
  }

  private static ObjectNode request(RequestActions a) {
    ObjectNode out = F.objectNode();
    list(out, "remove", a.remove());
    if (!a.defaults().isEmpty()) {
      a.defaults().forEach(out.putObject("defaults")::set);
    }
    if (!a.caps().isEmpty()) {
      a.caps().forEach(out.putObject("caps")::set);
    }
    if (a.systemPrompt() != null) {
      out.putObject("system_prompt").put("text", a.systemPrompt().text())
          .put("position", a.systemPrompt().position().name().toLowerCase(Locale.ROOT));
    }
    if (a.inject() != null) {
      out.putObject("inject").put("text", a.inject().text())
          .put("position", a.inject().position().name().toLowerCase(Locale.ROOT))
          .put("separator", a.inject().separator());
    }
    return out;
  }

  private static ObjectNode response(ResponseActions a) {
    ObjectNode out = F.objectNode();
    list(out, "remove", a.remove());
    if (a.model() != null) {
      out.put("model", a.model());
    }
    if (a.hideProvider()) {
      out.put("hide_provider", true);
    }
    if (!a.metadata().isEmpty()) {
      ObjectNode meta = out.putObject("metadata");
      for (Map.Entry<String, String> e : a.metadata().entrySet()) {
        meta.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static void list(ObjectNode out, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = out.putArray(field);
      values.forEach(a::add);
    }
  }
}
