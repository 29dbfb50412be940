package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code transformations:} section: declarative request/response rules, each scoped by model,
 * tenant, team and key, applied in declared order. Strings that reach a request or response are
 * {@link Template}s, checked at load time. Immutable (the JSON values of {@code defaults} are
 * never modified after loading; users copy them).
 *
 * @param enabled whether the section is present; only then does the gateway add the stage and the
 *     admin endpoint (so rules can be replaced at run time, even starting from none)
 * @param rules the rules in declared order
 */
public record TransformsSpec(boolean enabled, List<Rule> rules) {

  /** The variables a template may use, as {@code {name}}. */
  public static final Set<String> VARIABLES = Set.of("tenant_id", "team_id", "user_id",
      "key_name", "model", "request_id", "date");

  public TransformsSpec {
    rules = List.copyOf(rules);
  }

  /** The settings when the section is absent: no stage, no admin endpoint. */
  public static TransformsSpec defaults() {
    return new TransformsSpec(false, List.of());
  }

  /**
   * Reads a section sent as JSON (the admin API's PUT), validated exactly as the YAML section is.
   * Environment references are not expanded: an admin request must not read the gateway's
   * environment.
   *
   * @throws ConfigException listing every problem, paths starting at {@code transformations}
   */
  public static TransformsSpec fromJson(JsonNode section) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("transformations", section);
    List<String> errors = new ArrayList<>();
    NodeReader root = NodeReader.root(doc, Map.of(), errors);
    TransformsSpec spec = TransformsSection.read(root);
    root.rejectUnknownFields();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new TransformsSpec(true, spec.rules());
  }

  /**
   * One rule. Immutable.
   *
   * @param name unique; labels the rule's metrics and names it in the admin API
   * @param match which requests the rule applies to
   * @param request what to change in the request, or null
   * @param response what to change in the answer, or null
   */
  public record Rule(String name, Match match, RequestActions request, ResponseActions response) {}

  /**
   * Which requests a rule applies to: every non-empty list must contain the request's value
   * (absent or empty = any). Immutable.
   *
   * @param models model names as the client sends them; {@code prefix*} matches by prefix
   * @param tenants tenant ids
   * @param teams team ids
   * @param keys virtual key ids or names
   */
  public record Match(List<String> models, List<String> tenants, List<String> teams,
      List<String> keys) {
    public Match {
      models = List.copyOf(models);
      tenants = List.copyOf(tenants);
      teams = List.copyOf(teams);
      keys = List.copyOf(keys);
    }

    /** Whether the rule needs a virtual key (governance) to match at all. */
    public boolean scopedToCaller() {
      return !tenants.isEmpty() || !teams.isEmpty() || !keys.isEmpty();
    }
  }

  /**
   * Request changes, applied in this order: remove, defaults, caps, system prompt, injection.
   * Immutable.
   *
   * @param remove top-level fields to drop ({@code user}, {@code logit_bias})
   * @param defaults parameters to set when the request lacks them; strings are templates
   * @param caps upper bounds of numeric parameters (a larger value is lowered to the bound)
   * @param systemPrompt a system message to add or impose, or null
   * @param inject text to add to the conversation, or null
   */
  public record RequestActions(List<String> remove, Map<String, JsonNode> defaults,
      Map<String, JsonNode> caps, SystemPrompt systemPrompt, Injection inject) {
    public RequestActions {
      remove = List.copyOf(remove);
      defaults = ordered(defaults);
      caps = ordered(caps);
    }
  }

  /** Where a rule's system prompt goes. */
  public enum SystemPosition {
    /** A new system message before all others. */
    PREPEND,
    /** A new system message after the client's leading system messages. */
    APPEND,
    /** The only system message: the client's system and developer messages are dropped. */
    REPLACE
  }

  /**
   * A system prompt. Immutable.
   *
   * @param text a template
   * @param position where it goes
   */
  public record SystemPrompt(String text, SystemPosition position) {}

  /** Where injected text goes. */
  public enum InjectPosition {
    /** Appended to the last user message (after a separator). */
    LAST_USER,
    /** An extra system message after the leading system messages. */
    SYSTEM
  }

  /**
   * Text injected into the conversation (a compliance disclaimer, say). Immutable.
   *
   * @param text a template
   * @param position where it goes
   * @param separator put between the user's text and the injected text ({@code LAST_USER} only)
   */
  public record Injection(String text, InjectPosition position, String separator) {}

  /**
   * Answer changes (complete answers and every streamed chunk), applied in this order: remove,
   * model, metadata. Immutable.
   *
   * @param remove top-level fields to drop ({@code system_fingerprint})
   * @param model the model name to answer with (a template), or null to keep the provider's
   * @param hideProvider whether to leave out the headers naming the provider and deployment
   * @param metadata fields of a {@code switchboard} object added to the answer (templates); empty
   *     for none
   */
  public record ResponseActions(List<String> remove, String model, boolean hideProvider,
      Map<String, String> metadata) {
    public ResponseActions {
      remove = List.copyOf(remove);
      metadata = ordered(metadata);
    }
  }

  /**
   * A string with {@code {variable}} references (one of {@link #VARIABLES}), parsed;
   * <code>{{</code> and <code>}}</code> are literal braces, and a brace that does not enclose a
   * name is kept as written. Immutable.
   *
   * @param literals the text around the references: always one more than {@code variables}
   * @param variables the referenced variable names, in order
   */
  public record Template(List<String> literals, List<String> variables) {
    public Template {
      literals = List.copyOf(literals);
      variables = List.copyOf(variables);
    }

    /** Whether the text has no references (it renders to {@code literals().get(0)}). */
    public boolean constant() {
      return variables.isEmpty();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming an unknown variable and the known ones
     */
    public static Template parse(String text) {
      List<String> literals = new ArrayList<>(2);
      List<String> variables = new ArrayList<>(2);
      StringBuilder cur = new StringBuilder(text.length());
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
        if ((c == '{' || c == '}') && doubled) {
          cur.append(c);
          i += 2;
          continue;
        }
        int close = c == '{' ? text.indexOf('}', i + 1) : -1;
        String name = close > 0 ? text.substring(i + 1, close) : "";
        if (!isName(name)) {
          cur.append(c);
          i++;
          continue;
        }
        if (!VARIABLES.contains(name)) {
          throw new IllegalArgumentException("unknown template variable '{" + name + "}'"
              + DidYouMean.hint(name, VARIABLES) + "; known: " + String.join(", ",
                  new java.util.TreeSet<>(VARIABLES)) + " (write {{" + name + "}} for the"
              + " literal text)");
        }
        literals.add(cur.toString());
        variables.add(name);
        cur.setLength(0);
        i = close + 1;
      }
      literals.add(cur.toString());
      return new Template(literals, variables);
    }

    private static boolean isName(String s) {
      if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
        return false;
      }
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(Character.isLetterOrDigit(c) || c == '_')) {
          return false;
        }
      }
      return true;
    }
  }

  /** An unmodifiable copy that keeps the declared order (for the admin API's view). */
  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }
}
