package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code guardrails:} into a {@link GuardrailsSpec}: every rule's type, directions, action,
 * scope and type settings, with each mistake reported at its path. Stateless.
 */
final class GuardrailsSection {
  /** Bounds what a stream holds back per choice for a deny-list pattern. */
  static final int MAX_MATCH_CHARS_LIMIT = 4096;

  private GuardrailsSection() {}

  static GuardrailsSpec read(NodeReader root) {
    GuardrailsSpec d = GuardrailsSpec.defaults();
    JsonNode source = root.raw("guardrails");
    NodeReader r = root.object("guardrails");
    int cacheSize = r.integer("scope_cache_size", d.scopeCacheSize(), 1, 10_000_000);
    List<GuardrailsSpec.Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    r.forEachObject("rules", rule -> {
      GuardrailsSpec.Rule read = readRule(rule);
      if (read != null && !names.add(read.name())) {
        rule.error("name", "'" + read.name() + "' is already used by another rule; names must"
            + " be unique (they appear in errors, headers and metrics)");
      } else if (read != null) {
        rules.add(read);
      }
    });
    r.rejectUnknownFields();
    return new GuardrailsSpec(rules, cacheSize,
        source == null ? JsonNodeFactory.instance.objectNode() : source.deepCopy());
  }

  /** One rule, or null when it is too broken to use (already reported). */
  private static GuardrailsSpec.Rule readRule(NodeReader r) {
    String name = r.string("name", "").trim();
    if (name.isEmpty()) {
      r.error("name", "every rule needs a name (letters, digits, '-', '_', '.')");
    } else if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      r.error("name", "'" + name + "' may hold only letters, digits, '-', '_' and '.'"
          + " (at most 64), since it is written into a response header");
    }
    String type = r.string("type", "").trim().toLowerCase(Locale.ROOT);
    if (!GuardrailsSpec.TYPES.contains(type)) {
      r.error("type", (type.isEmpty() ? "missing" : "unknown type '" + type + "'")
          + DidYouMean.hint(type, GuardrailsSpec.TYPES) + "; one of " + sorted(GuardrailsSpec.TYPES));
    }
    boolean[] dirs = readDirections(r, type);
    String action = readAction(r, type);
    GuardrailsSpec.Scope scope = readScope(r.object("scope"));
    GuardrailsSpec.Settings settings = switch (type) {
      case "pii" -> readPii(r);
      case "deny_list" -> readDenyList(r);
      case "prompt_injection" -> readInjection(r);
      case "max_input_tokens" -> new GuardrailsSpec.MaxInputTokens(
          requiredInt(r, "max_tokens"));
      case "external" -> readExternal(r);
      default -> null;
    };
    r.rejectUnknownFields();
    if (settings == null || name.isEmpty()) {
      return null;
    }
    return new GuardrailsSpec.Rule(name, type, dirs[0], dirs[1], action, scope, settings);
  }

  /** {@code applies_to: input | output | both}; input by default. */
  private static boolean[] readDirections(NodeReader r, String type) {
    String v = r.string("applies_to", "input").trim().toLowerCase(Locale.ROOT);
    boolean[] dirs = switch (v) {
      case "input" -> new boolean[] {true, false};
      case "output" -> new boolean[] {false, true};
      case "both" -> new boolean[] {true, true};
      default -> {
        r.error("applies_to", "must be input, output or both, got '" + v + "'");
        yield new boolean[] {true, false};
      }
    };
    if (dirs[1] && (type.equals("max_input_tokens") || type.equals("prompt_injection"))) {
      r.error("applies_to", "a " + type + " rule checks requests only; use 'input'");
    }
    return dirs;
  }

  private static String readAction(NodeReader r, String type) {
    String a = r.string("action", "block").trim().toLowerCase(Locale.ROOT);
    if (!GuardrailsSpec.ACTIONS.contains(a)) {
      r.error("action", "unknown action '" + a + "'" + DidYouMean.hint(a, GuardrailsSpec.ACTIONS)
          + "; one of block, redact, flag");
      return "block";
    }
    boolean spans = type.equals("pii") || type.equals("deny_list");
    if (a.equals("redact") && !spans && !type.isEmpty()) {
      r.error("action", "a " + type + " rule finds no text to replace, so it cannot redact;"
          + " use block or flag" + (type.equals("external")
          ? " (the service redacts by answering 'redacted')" : ""));
      return "block";
    }
    return a;
  }

  private static GuardrailsSpec.Scope readScope(NodeReader s) {
    List<String> models = values(s, "models");
    for (int i = 0; i < models.size(); i++) {
      int star = models.get(i).indexOf('*');
      if (star >= 0 && star != models.get(i).length() - 1) {
        // the same model patterns as transformations and the cache's models list
        s.error("models[" + i + "]", "'*' may only end a name ('gpt-4o*' matches by prefix),"
            + " got '" + models.get(i) + "'");
      }
    }
    GuardrailsSpec.Scope scope = new GuardrailsSpec.Scope(models,
        values(s, "tenants"), values(s, "teams"), values(s, "keys"));
    s.rejectUnknownFields();
    return scope;
  }

  private static GuardrailsSpec.Pii readPii(NodeReader r) {
    if (!r.present("entities")) {
      return new GuardrailsSpec.Pii(GuardrailsSpec.ENTITIES);
    }
    List<String> out = new ArrayList<>();
    for (NodeReader.Item item : r.stringList("entities")) {
      String e = item.value().trim().toLowerCase(Locale.ROOT);
      if (GuardrailsSpec.ENTITIES.contains(e)) {
        out.add(e);
      } else {
        r.error(item.field(), "unknown entity '" + e + "'"
            + DidYouMean.hint(e, GuardrailsSpec.ENTITIES) + "; one of " + GuardrailsSpec.ENTITIES);
      }
    }
    if (out.isEmpty()) {
      r.error("entities", "lists no entity; leave it out to detect all of "
          + GuardrailsSpec.ENTITIES);
    }
    return new GuardrailsSpec.Pii(out);
  }

  private static GuardrailsSpec.DenyList readDenyList(NodeReader r) {
    List<String> keywords = new ArrayList<>();
    for (NodeReader.Item item : r.stringList("keywords")) {
      if (item.value().isBlank()) {
        r.error(item.field(), "an empty keyword would match everything; remove it");
      } else {
        keywords.add(item.value().trim());
      }
    }
    List<String> patterns = new ArrayList<>();
    for (NodeReader.Item item : r.stringList("patterns")) {
      try {
        if (Pattern.compile(item.value()).matcher("").matches()) {
          r.error(item.field(), "matches the empty text, so it would match everywhere");
        } else {
          patterns.add(item.value());
        }
      } catch (PatternSyntaxException e) {
        r.error(item.field(), "not a valid regular expression: " + e.getDescription()
            + " near index " + e.getIndex());
      }
    }
    if (keywords.isEmpty() && patterns.isEmpty() && !r.present("keywords")
        && !r.present("patterns")) {
      r.error("keywords", "a deny_list rule needs keywords and/or patterns");
    }
    int maxMatch = r.integer("max_match_chars", 128, 1, MAX_MATCH_CHARS_LIMIT);
    return new GuardrailsSpec.DenyList(keywords, patterns, maxMatch);
  }

  private static GuardrailsSpec.PromptInjection readInjection(NodeReader r) {
    double threshold = r.number("threshold", 1.0, v -> v > 0, "a number greater than 0");
    boolean builtIn = r.bool("builtin_phrases", true);
    Map<String, Double> phrases = new LinkedHashMap<>();
    NodeReader p = r.object("phrases");
    for (String phrase : r.stringMap("phrases").keySet()) {
      double score = p.number(phrase, 0, v -> v > 0, "a score greater than 0");
      if (phrase.isBlank()) {
        p.error(phrase, "an empty phrase would match everything; remove it");
      } else if (score > 0) {
        phrases.put(phrase.trim(), score);
      }
    }
    if (!builtIn && phrases.isEmpty()) {
      r.error("phrases", "with builtin_phrases: false the rule needs its own phrases");
    }
    return new GuardrailsSpec.PromptInjection(threshold, builtIn, phrases);
  }

  private static GuardrailsSpec.External readExternal(NodeReader r) {
    String url = r.string("url", "").trim();
    try {
      URI u = URI.create(url);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        r.error("url", "must be an http:// or https:// URL with a host, got '" + url + "'");
      }
    } catch (IllegalArgumentException e) {
      r.error("url", "not a valid URL: '" + url + "'");
    }
    Duration timeout = r.duration("timeout", Duration.ofSeconds(2), false);
    String onError = r.string("on_error", "fail_closed").trim().toLowerCase(Locale.ROOT);
    if (!onError.equals("fail_open") && !onError.equals("fail_closed")) {
      r.error("on_error", "must be fail_open (let the request pass) or fail_closed (refuse"
          + " it), got '" + onError + "'");
    }
    Map<String, String> headers = r.stringMap("headers");
    return new GuardrailsSpec.External(url, timeout, onError.equals("fail_open"), headers);
  }

  private static int requiredInt(NodeReader r, String field) {
    if (!r.present(field)) {
      r.error(field, "required: the most prompt tokens a request may carry");
    }
    return r.integer(field, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
  }

  private static List<String> values(NodeReader r, String field) {
    return r.stringList(field).stream().map(i -> i.value().trim()).toList();
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
