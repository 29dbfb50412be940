package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Providers the gateway knows by name: where they live and which environment variables configure
 * them. Used twice: a provider in the file named after one of these needs no {@code base_url},
 * and with no file at all every one whose variables are set becomes a provider.
 *
 * <p>Adding an OpenAI-compatible service is one line in {@link #ALL}. The table is immutable and
 * safe to share between threads.
 */
public final class WellKnownProviders {

  /**
   * One known provider. Immutable.
   *
   * @param name the provider name it is known by (also its name under embedded defaults)
   * @param type its API family, one of {@link ConfigLoader#KNOWN_PROVIDER_TYPES}
   * @param apiKeyEnv variable holding its API key; null for keyless local servers
   * @param baseUrl its base URL; for a local server the usual local address; null when it differs
   *     per customer (azure)
   * @param baseUrlEnv variable holding its base URL (local servers, azure's endpoint); null for
   *     hosted services with one fixed URL
   */
  public record WellKnownProvider(
      String name, String type, String apiKeyEnv, String baseUrl, String baseUrlEnv) {

    /**
     * The base URL to use when a provider of this name gives none: the variable's value when it is
     * set, else the fixed or usual local URL; empty for azure, whose endpoint is per resource.
     */
    public Optional<String> defaultBaseUrl(Map<String, String> env) {
      String fromEnv = baseUrlEnv == null ? null : env.get(baseUrlEnv);
      return Optional.ofNullable(fromEnv == null || fromEnv.isBlank() ? baseUrl : fromEnv.trim());
    }

    /** The variables whose presence means "configure this provider" under embedded defaults. */
    List<String> triggerEnvs() {
      List<String> vars = new ArrayList<>(2);
      if (apiKeyEnv != null) {
        vars.add(apiKeyEnv);
      }
      if (baseUrlEnv != null) {
        vars.add(baseUrlEnv);
      }
      return vars;
    }
  }

  /** Azure's optional variable for the {@code api-version} query value. */
  public static final String AZURE_API_VERSION_ENV = "AZURE_OPENAI_API_VERSION";

  private static final List<WellKnownProvider> ALL = List.of(
      hosted("openai", "OPENAI_API_KEY", "https://api.openai.com/v1"),
      hosted("groq", "GROQ_API_KEY", "https://api.groq.com/openai/v1"),
      hosted("together", "TOGETHER_API_KEY", "https://api.together.ai/v1"),
      hosted("openrouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1"),
      hosted("mistral", "MISTRAL_API_KEY", "https://api.mistral.ai/v1"),
      hosted("deepseek", "DEEPSEEK_API_KEY", "https://api.deepseek.com/v1"),
      hosted("fireworks", "FIREWORKS_API_KEY", "https://api.fireworks.ai/inference/v1"),
      hosted("xai", "XAI_API_KEY", "https://api.x.ai/v1"),
      hosted("perplexity", "PERPLEXITY_API_KEY", "https://api.perplexity.ai"),
      hosted("cerebras", "CEREBRAS_API_KEY", "https://api.cerebras.ai/v1"),
      local("ollama", "OLLAMA_BASE_URL", "http://localhost:11434/v1"),
      local("vllm", "VLLM_BASE_URL", "http://localhost:8000/v1"),
      new WellKnownProvider("azure", "azure", "AZURE_OPENAI_API_KEY", null,
          "AZURE_OPENAI_ENDPOINT"),
      new WellKnownProvider("anthropic", "anthropic", "ANTHROPIC_API_KEY",
          "https://api.anthropic.com", null),
      new WellKnownProvider("gemini", "gemini", "GEMINI_API_KEY",
          "https://generativelanguage.googleapis.com", null),
      // Its URL follows from its region and its keys are read by BedrockFields, so the standard
      // AWS variables (often set for other tools) never configure a provider by themselves.
      new WellKnownProvider("bedrock", "bedrock", null, null, null));

  private WellKnownProviders() {}

  /** Every known provider, in table order. */
  public static List<WellKnownProvider> all() {
    return ALL;
  }

  /** The known provider called {@code name} (exact, lower case), if any. */
  public static Optional<WellKnownProvider> byName(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * A provider for every known one whose variables are all set, sorted by name. A provider with
   * only some of its variables set (azure's key without its endpoint) is an error naming the
   * missing one, because half a configuration is a mistake, not a choice. Each gets
   * {@code breaker} as its circuit-breaker thresholds.
   */
  static Map<String, ProviderSpec> fromEnvironment(
      Map<String, String> env, BreakerSpec breaker, List<String> errors) {
    Map<String, ProviderSpec> out = new LinkedHashMap<>();
    ALL.stream().sorted(Comparator.comparing(WellKnownProvider::name)).forEach(p -> {
      List<String> set = p.triggerEnvs().stream().filter(v -> isSet(env, v)).toList();
      if (set.isEmpty()) {
        return;
      }
      if (set.size() < p.triggerEnvs().size()) {
        List<String> missing = new ArrayList<>(p.triggerEnvs());
        missing.removeAll(set);
        errors.add(String.join(", ", missing) + ": must be set too, to configure provider '"
            + p.name() + "' from " + String.join(", ", set));
        return;
      }
      fromEnvironment(p, env, breaker, errors).ifPresent(spec -> out.put(p.name(), spec));
    });
    return out;
  }

  private static Optional<ProviderSpec> fromEnvironment(
      WellKnownProvider p, Map<String, String> env, BreakerSpec breaker, List<String> errors) {
    String url = p.defaultBaseUrl(env).orElse("");
    Optional<String> normalized = ProvidersSection.normalizeBaseUrl(url);
    if (normalized.isEmpty()) {
      errors.add(p.baseUrlEnv() + ": must be an absolute http(s) URL, got '" + url + "'");
      return Optional.empty();
    }
    String key = p.apiKeyEnv() == null ? "" : env.get(p.apiKeyEnv()).trim();
    String version = "";
    if (p.type().equals("azure")) {
      version = isSet(env, AZURE_API_VERSION_ENV)
          ? env.get(AZURE_API_VERSION_ENV).trim() : ProvidersSection.AZURE_DEFAULT_API_VERSION;
    }
    return Optional.of(new ProviderSpec(p.name(), p.type(), normalized.get(), key, version,
        Map.of(), key.isEmpty() ? List.of() : List.of(key), breaker));
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static WellKnownProvider hosted(String name, String keyEnv, String url) {
    return new WellKnownProvider(name, "openai", keyEnv, url, null);
  }

  private static WellKnownProvider local(String name, String urlEnv, String usualUrl) {
    return new WellKnownProvider(name, "openai", null, usualUrl, urlEnv);
  }
}
