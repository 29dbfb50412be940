package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.errors;
import static dev.switchboard.config.ConfigLoaderTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code routing:}, the providers' keys and breakers, and the models' routing fields. */
class RoutingConfigTest {
  private static final String PROVIDERS = """
      providers:
        openai: {}
        groq: {}
      """;

  @Test
  void absentOrEmptyRoutingMeansDefaults() {
    assertThat(load("").routing()).isEqualTo(RoutingSpec.defaults());
    GatewayConfig c = load("routing:\n  circuit_breaker:\n  health: {}\n" + PROVIDERS);
    assertThat(c.routing()).isEqualTo(RoutingSpec.defaults());
    assertThat(c.providers().get("openai").breaker()).isEqualTo(BreakerSpec.defaults());
    assertThat(ConfigLoader.load(null, Map.of()).routing()).isEqualTo(RoutingSpec.defaults());
  }

  @Test
  void readsEveryRoutingField() {
    RoutingSpec r = load("""
        routing:
          strategy: Least_Latency
          max_attempts: 5
          backoff_initial: 50ms
          backoff_max: 1s
          retry_after_cap: 0
          failover_on: [rate_limit, timeout, rate_limit]
          circuit_breaker:
            enabled: false
            failure_threshold: 3
            success_threshold: 1
            timeout_seconds: 30
            failure_rate_threshold: 0.25
            min_requests_for_rate: 20
          health:
            probes: false
            probe_interval: 1m
            probe_timeout: 2s
        """).routing();
    assertThat(r).isEqualTo(new RoutingSpec("least_latency", 5, Duration.ofMillis(50),
        Duration.ofSeconds(1), Duration.ZERO, Set.of("rate_limit", "timeout"),
        new BreakerSpec(false, 3, 1, Duration.ofSeconds(30), 0.25, 20),
        new HealthSpec(false, Duration.ofMinutes(1), Duration.ofSeconds(2))));
  }

  @Test
  void breakerTimeoutTakesSecondsOrADurationAndEmptyFailoverMeansNever() {
    RoutingSpec r = load("routing:\n  failover_on: []\n  circuit_breaker:\n"
        + "    timeout_seconds: 500ms\n    failure_rate_threshold: 1\n").routing();
    assertThat(r.breaker().openTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(r.breaker().failureRateThreshold()).isEqualTo(1.0);
    assertThat(r.failoverOn()).isEmpty();
  }

  @Test
  void routingValidationNamesEveryPath() {
    assertThat(errors("""
        routing:
          strategy: round-robin
          max_attempts: 21
          backoff_initial: 3s
          backoff_max: 1s
          retry_after_cap: later
          failover_on: [rate_limit, ratelimit, {x: 1}]
          circuit_breaker:
            failure_threshold: 0
            success_threshold: -1
            timeout_seconds: 0
            failure_rate_threshold: 1.5
            min_requests_for_rate: 0
            failure_treshold: 1
          health:
            probes: sometimes
            probe_interval: 0s
            probe_timeout: fast
          max_attempt: 2
        """)).containsExactly(
        "routing.strategy: unknown strategy 'round-robin' (did you mean 'round_robin'?)",
        "routing.max_attempts: must be an integer between 1 and 20, got '21'",
        "routing.backoff_max: must be at least backoff_initial (3000ms), got 1000ms",
        "routing.retry_after_cap: must be " + Units.DURATION_FORMS + ", got 'later'",
        // items that are not strings at all are reported while the list is read
        "routing.failover_on[2]: expected a string, got a mapping",
        "routing.failover_on[1]: unknown error class 'ratelimit' (did you mean 'rate_limit'?)",
        "routing.circuit_breaker.failure_threshold: must be an integer of at least 1, got '0'",
        "routing.circuit_breaker.success_threshold: must be an integer of at least 1, got '-1'",
        "routing.circuit_breaker.timeout_seconds: must be greater than zero, got '0'",
        "routing.circuit_breaker.failure_rate_threshold: must be a number greater than 0 and at"
            + " most 1, got '1.5'",
        "routing.circuit_breaker.min_requests_for_rate: must be an integer of at least 1, got '0'",
        "routing.circuit_breaker.failure_treshold: unknown field"
            + " (did you mean 'failure_threshold'?)",
        "routing.health.probes: must be true or false, got 'sometimes'",
        "routing.health.probe_interval: must be greater than zero, got '0s'",
        "routing.health.probe_timeout: must be " + Units.DURATION_FORMS + ", got 'fast'",
        "routing.max_attempt: unknown field (did you mean 'max_attempts'?)");
  }

  @Test
  void numbersMustBeFiniteDecimals() {
    for (String bad : List.of("NaN", "Infinity", "0x1p-1", "0.5d", "half", "0")) {
      assertThat(errors("routing:\n  circuit_breaker:\n    failure_rate_threshold: " + bad + "\n"))
          .hasSize(1).allSatisfy(e -> assertThat(e)
              .startsWith("routing.circuit_breaker.failure_rate_threshold: must be a number"));
    }
    assertThat(errors("routing:\n  failover_on: timeout\n"))
        .containsExactly("routing.failover_on: expected a list, got a string");
  }

  @Test
  void providerBreakerOverridesTheGlobalOneFieldByField() {
    GatewayConfig c = load("""
        routing:
          circuit_breaker:
            failure_threshold: 8
            timeout_seconds: 2m
        providers:
          openai:
            circuit_breaker:
              failure_threshold: 2
              failure_rate_threshold: 0.9
          groq: {}
          local:
            base_url: http://127.0.0.1:8000/v1
            circuit_breaker: { enabled: false }
        """);
    BreakerSpec global = new BreakerSpec(true, 8, 2, Duration.ofMinutes(2), 0.5, 10);
    assertThat(c.routing().breaker()).isEqualTo(global);
    assertThat(c.providers().get("openai").breaker())
        .isEqualTo(new BreakerSpec(true, 2, 2, Duration.ofMinutes(2), 0.9, 10));
    assertThat(c.providers().get("groq").breaker()).isEqualTo(global);
    assertThat(c.providers().get("local").breaker())
        .isEqualTo(new BreakerSpec(false, 8, 2, Duration.ofMinutes(2), 0.5, 10));
  }

  @Test
  void providerBreakerErrorsNameTheProvider() {
    assertThat(errors("""
        providers:
          openai:
            circuit_breaker:
              success_threshold: none
              enabeld: true
          groq:
            circuit_breaker: off
        """)).containsExactly(
        "providers.openai.circuit_breaker.success_threshold: must be an integer of at least 1,"
            + " got 'none'",
        "providers.openai.circuit_breaker.enabeld: unknown field (did you mean 'enabled'?)",
        "providers.groq.circuit_breaker: expected a mapping, got a boolean");
  }

  @Test
  void apiKeysAreMergedApiKeyFirstWithoutEmptiesOrRepeats() {
    ProviderSpec p = load("""
        providers:
          openai:
            api_key: ${K1}
            api_keys: [ "${K2}\\n", "${K3:-}", "${K1}", k4 ]
        """, Map.of("K1", "sk-1", "K2", "sk-2")).providers().get("openai");
    assertThat(p.apiKeys()).containsExactly("sk-1", "sk-2", "k4");
    assertThat(p.apiKey()).isEqualTo("sk-1");

    ProviderSpec onlyList = load("providers:\n  openai:\n    api_keys: [a, b]\n")
        .providers().get("openai");
    assertThat(onlyList.apiKey()).isEqualTo("a"); // the first key is the one used first
    assertThat(onlyList.apiKeys()).containsExactly("a", "b");
    assertThat(load("providers:\n  openai:\n    api_keys: ['${A:-}']\n")
        .providers().get("openai").apiKeys()).isEmpty();
  }

  @Test
  void apiKeysErrorsNameTheItem() {
    assertThat(errors("""
        providers:
          openai:
            api_keys: [ok, "${MISSING}", [x], null]
          groq:
            api_keys: sk-single
        """)).containsExactly(
        "providers.openai.api_keys[1]: environment variable MISSING is not set (use ${MISSING:-}"
            + " to allow empty)",
        "providers.openai.api_keys[2]: expected a string, got a list",
        "providers.openai.api_keys[3]: expected a string, got nothing",
        "providers.groq.api_keys: expected a list, got a string");
  }

  @Test
  void environmentProvidersKeepTheirKeyAndDefaultBreaker() {
    ProviderSpec p = ConfigLoader.load(null, Map.of("OPENAI_API_KEY", "sk-o"))
        .providers().get("openai");
    assertThat(p.apiKeys()).containsExactly("sk-o");
    assertThat(p.breaker()).isEqualTo(BreakerSpec.defaults());
  }

  @Test
  void readsEveryModelRoutingField() {
    GatewayConfig c = load(PROVIDERS + """
        models:
          gpt-4o:
            deployments:
              - { provider: openai, weight: 3 }
              - { provider: groq, model: llama-3.3-70b-versatile }
            aliases: [smart, gpt4]
            strategy: cost
            context_window: 128000
            pricing: { input: 2.5, output: 10, cached_input: 1.25, cache_write_input: 3.125,
                       reasoning: 12 }
            fallbacks: [mini, groq/llama-3.1-8b-instant]
            context_window_fallback: gpt-4.1
            content_policy_fallback: mini
          gpt-4.1: { provider: openai }
          mini: { provider: openai, model: gpt-4o-mini }
        """);
    assertThat(c.models().get("gpt-4o")).isEqualTo(new ModelSpec("gpt-4o", List.of(
        new DeploymentSpec("openai", "gpt-4o", 3),
        new DeploymentSpec("groq", "llama-3.3-70b-versatile", 1)),
        List.of("smart", "gpt4"), "cost", 128000, new Pricing(2.5, 10, 1.25, 3.125, 3.125, 12),
        List.of("mini", "groq/llama-3.1-8b-instant"), "gpt-4.1", "mini"));
  }

  @Test
  void shorthandWorksWithTheRoutingFieldsAndPricesDefault() {
    ModelSpec m = load(PROVIDERS + """
        models:
          mini:
            provider: openai
            model: gpt-4o-mini
            aliases: [small]
            pricing: { input: 0.15, output: 0.6 }
            fallbacks: ["${FALLBACK:-openai/gpt-4.1-mini}"]
            context_window_fallback: ${CTX_FALLBACK:-}
        """).models().get("mini");
    assertThat(m.deployments()).containsExactly(new DeploymentSpec("openai", "gpt-4o-mini", 1));
    assertThat(m.aliases()).containsExactly("small");
    assertThat(m.pricing()).isEqualTo(Pricing.of(0.15, 0.6));
    assertThat(m.fallbacks()).containsExactly("openai/gpt-4.1-mini");
    assertThat(m.contextWindowFallback()).isEmpty();
    assertThat(m.strategy()).isEmpty(); // the global strategy applies
  }

  @Test
  void modelFieldErrorsNameThePath() {
    assertThat(errors(PROVIDERS + """
        models:
          m:
            provider: openai
            strategy: fastest
            context_window: -1
            pricing: { input: -1, cahced_input: 1, cache_write_input: -2 }
            aliases: fast
          n:
            provider: openai
            pricing: 5
            fallbacks: [""]
        """)).containsExactly(
        "models.m.aliases: expected a list, got a string",
        "models.m.strategy: unknown strategy 'fastest' (expected one of: cost, least_connections,"
            + " least_latency, random, round_robin, weighted_round_robin)",
        "models.m.context_window: must be an integer of at least 0, got '-1'",
        "models.m.pricing.input: must be a number of at least 0 (USD per million tokens), got '-1'",
        "models.m.pricing.output: required: a number of at least 0 (USD per million tokens)",
        "models.m.pricing.cache_write_input: must be a number of at least 0 (USD per million"
            + " tokens), got '-2'",
        "models.m.pricing.cahced_input: unknown field (did you mean 'cached_input'?)",
        "models.n.pricing: expected a mapping, got a number",
        "models.n.fallbacks[0]: must not be empty");
  }

  @Test
  void aliasesMustNotCollide() {
    assertThat(errors(PROVIDERS + """
        models:
          a:
            provider: openai
            aliases: [a, b, shared, x, x, "two words"]
          b:
            provider: openai
            aliases: [shared]
        """)).containsExactly(
        "models.a.aliases[0]: alias 'a' is the model's own name",
        "models.a.aliases[1]: alias 'b' is already a model name",
        "models.a.aliases[4]: alias 'x' is listed twice",
        "models.a.aliases[5]: alias must not be empty or contain whitespace",
        "models.b.aliases[0]: alias 'shared' is already an alias of model 'a'");
  }

  @Test
  void fallbacksMustResolve() {
    assertThat(errors(PROVIDERS + """
        models:
          a:
            provider: openai
            aliases: [alpha]
            fallbacks: [b, beta, gpt-4o, opneai/gpt-4o, openai/, a]
            context_window_fallback: alpha
            content_policy_fallback: bb
          b:
            provider: groq
            aliases: [beta]
        """)).containsExactly(
        "models.a.fallbacks[2]: 'gpt-4o' is neither a configured model or alias nor"
            + " provider/model with a declared provider (expected one of: a, alpha, b, beta)",
        "models.a.fallbacks[3]: 'opneai/gpt-4o' is neither a configured model or alias nor"
            + " provider/model with a declared provider; unknown provider 'opneai' (did you mean"
            + " 'openai'?)",
        "models.a.fallbacks[4]: 'openai/' is neither a configured model or alias nor"
            + " provider/model with a declared provider",
        "models.a.fallbacks[5]: 'a' is this model itself; a model cannot fall back to itself",
        "models.a.context_window_fallback: 'alpha' is this model itself; a model cannot fall back"
            + " to itself",
        "models.a.content_policy_fallback: 'bb' is neither a configured model or alias nor"
            + " provider/model with a declared provider (did you mean 'b'?)");
  }

  @Test
  void fallbackToAProviderNeedsOneDeclared() {
    assertThat(errors("models:\n  m:\n    deployments: []\n    fallbacks: [openai/gpt-4o]\n"))
        .contains("models.m.fallbacks[0]: 'openai/gpt-4o' is neither a configured model or alias"
            + " nor provider/model with a declared provider; no providers are declared");
  }

  @Test
  void routingExampleLoadsWithAndWithoutKeys() {
    Path file = Path.of("examples/routing.yaml");
    GatewayConfig bare = ConfigLoader.load(file, Map.of());
    assertThat(bare.providers().get("openai").apiKeys()).isEmpty();
    assertThat(bare.providers().get("azure").breaker().failureThreshold()).isEqualTo(3);
    assertThat(bare.providers().get("openai").breaker()).isEqualTo(bare.routing().breaker());
    assertThat(bare.models().get("gpt-4o-mini").aliases()).containsExactly("mini", "default");
    GatewayConfig keyed = ConfigLoader.load(file,
        Map.of("OPENAI_API_KEY", "sk-1", "OPENAI_API_KEY_3", "sk-3"));
    assertThat(keyed.providers().get("openai").apiKeys()).containsExactly("sk-1", "sk-3");
  }
}
