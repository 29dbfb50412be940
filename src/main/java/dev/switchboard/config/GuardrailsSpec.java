package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code guardrails:} section: an ordered list of rules, each a type (what to look for), the
 * directions it checks (request and/or response), an action and a scope. Validated by
 * {@link GuardrailsSection}; immutable.
 *
 * @param rules the rules in the order they were written (that order breaks ties between rules)
 * @param scopeCacheSize how many distinct callers (model × tenant × team × key) keep their
 *     resolved rule list in the scope cache
 * @param source the section as written, {@code ${VAR}} references unexpanded (so the admin API
 *     can show it without revealing secrets)
 */
public record GuardrailsSpec(List<Rule> rules, int scopeCacheSize, JsonNode source) {

  /** Rule types. */
  public static final Set<String> TYPES =
      Set.of("pii", "deny_list", "prompt_injection", "max_input_tokens", "external");
  /** What a triggered rule does. */
  public static final Set<String> ACTIONS = Set.of("block", "redact", "flag");
  /** PII and secret kinds the {@code pii} type knows. */
  public static final List<String> ENTITIES =
      List.of("email", "phone", "credit_card", "iban", "ssn", "secret");

  public GuardrailsSpec {
    rules = List.copyOf(rules);
  }

  /** No rules: the policy adds no stage. */
  public static GuardrailsSpec defaults() {
    return new GuardrailsSpec(List.of(), 10_000, JsonNodeFactory.instance.objectNode());
  }

  /** Whether any rule is configured. */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /**
   * Validates a {@code guardrails:} section given as JSON (the admin API's PUT body) exactly as the
   * YAML file's is validated; error paths start with {@code guardrails.}.
   *
   * @param env the environment {@code ${VAR}} references are expanded against
   * @throws ConfigException listing every problem
   */
  public static GuardrailsSpec parse(JsonNode section, Map<String, String> env) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("guardrails", section);
    List<String> errors = new ArrayList<>();
    NodeReader root = NodeReader.root(doc, env, errors);
    GuardrailsSpec spec = GuardrailsSection.read(root);
    root.rejectUnknownFields();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return spec;
  }

  /**
   * One guardrail.
   *
   * @param name unique name, used in errors, headers, logs and metrics
   * @param type one of {@link #TYPES}
   * @param input whether it checks the request's messages
   * @param output whether it checks the answer's content
   * @param action one of {@link #ACTIONS}
   * @param scope who it applies to
   * @param settings the type's own settings
   */
  public record Rule(String name, String type, boolean input, boolean output, String action,
      Scope scope, Settings settings) {}

  /**
   * Who a rule applies to: each non-empty list must contain the caller's value (a missing value,
   * e.g. no key on an open data plane, never matches a non-empty list). All empty: everyone.
   */
  public record Scope(List<String> models, List<String> tenants, List<String> teams,
      List<String> keys) {
    public Scope {
      models = List.copyOf(models);
      tenants = List.copyOf(tenants);
      teams = List.copyOf(teams);
      keys = List.copyOf(keys);
    }

    /** Whether the scope is "everyone". */
    public boolean global() {
      return models.isEmpty() && tenants.isEmpty() && teams.isEmpty() && keys.isEmpty();
    }
  }

  /** A rule type's own settings. */
  public sealed interface Settings permits Pii, DenyList, PromptInjection, MaxInputTokens,
      External {}

  /** @param entities the kinds to detect, a subset of {@link #ENTITIES} */
  public record Pii(List<String> entities) implements Settings {
    public Pii {
      entities = List.copyOf(entities);
    }
  }

  /**
   * @param keywords matched case-insensitively as whole words
   * @param patterns Java regular expressions (validated at load)
   * @param maxMatchChars the longest text a pattern is expected to match; bounds what a stream
   *     holds back, so a longer match split across chunks may be missed
   */
  public record DenyList(List<String> keywords, List<String> patterns, int maxMatchChars)
      implements Settings {
    public DenyList {
      keywords = List.copyOf(keywords);
      patterns = List.copyOf(patterns);
    }
  }

  /**
   * @param threshold the score at which a text counts as an injection attempt
   * @param useBuiltInPhrases whether the built-in scored phrases apply
   * @param phrases extra phrases and their scores
   */
  public record PromptInjection(double threshold, boolean useBuiltInPhrases,
      Map<String, Double> phrases) implements Settings {
    public PromptInjection {
      phrases = Map.copyOf(phrases);
    }
  }

  /** @param maxTokens the most prompt tokens a request may carry */
  public record MaxInputTokens(int maxTokens) implements Settings {}

  /**
   * @param url where the texts are POSTed
   * @param timeout how long to wait for the answer
   * @param failOpen whether a failed or late answer lets the request pass
   * @param headers extra request headers (e.g. the service's credentials)
   */
  public record External(String url, Duration timeout, boolean failOpen,
      Map<String, String> headers) implements Settings {
    public External {
      headers = Map.copyOf(headers);
    }
  }
}
