package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.errors;
import static dev.switchboard.config.ConfigLoaderTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersAndModelsTest {

  @Test
  void readsAFullProvider() {
    ProviderSpec p = load("""
        providers:
          local:
            type: openai
            base_url: http://127.0.0.1:4001/v1/
            api_key: ${KEY:-}
            headers:
              X-Team: search
              X-Num: 42
        """).providers().get("local");
    assertThat(p).isEqualTo(new ProviderSpec("local", "openai", "http://127.0.0.1:4001/v1", "", "",
        Map.of("X-Team", "search", "X-Num", "42")));
  }

  @Test
  void wellKnownNameDefaultsTheBaseUrl() {
    GatewayConfig c = load("""
        providers:
          groq:
            api_key: ${GROQ_API_KEY}
          openai: {}
          perplexity:
            base_url: ${PPLX_URL:-}
        """, Map.of("GROQ_API_KEY", "gsk"));
    assertThat(c.providers().get("groq").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
    assertThat(c.providers().get("groq").apiKey()).isEqualTo("gsk");
    assertThat(c.providers().get("openai").baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(c.providers().get("openai").apiKey()).isEmpty();
    assertThat(c.providers().get("perplexity").baseUrl()).isEqualTo("https://api.perplexity.ai");
  }

  @Test
  void localServerDefaultsToItsVariableOrItsUsualAddress() {
    String yaml = "providers:\n  ollama: {}\n  vllm: {}\n";
    assertThat(load(yaml).providers().get("ollama").baseUrl())
        .isEqualTo("http://localhost:11434/v1");
    GatewayConfig c = load(yaml, Map.of("OLLAMA_BASE_URL", "http://gpu-box:11434/v1/"));
    assertThat(c.providers().get("ollama").baseUrl()).isEqualTo("http://gpu-box:11434/v1");
    assertThat(c.providers().get("vllm").baseUrl()).isEqualTo("http://localhost:8000/v1");
    assertThat(errors(yaml, Map.of("OLLAMA_BASE_URL", "gpu-box:11434"))).containsExactly(
        "providers.ollama.base_url: must be an absolute http(s) URL, got 'gpu-box:11434'"
            + " (from OLLAMA_BASE_URL)");
  }

  @Test
  void aOneVendorTypeUnderANameOfItsOwnDefaultsToThatVendor() {
    GatewayConfig c = load("""
        providers:
          claude-eu: {type: anthropic, api_key: k}
          gemini-batch: {type: gemini, api_key: k}
        """);
    assertThat(c.providers().get("claude-eu").baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(c.providers().get("gemini-batch").baseUrl())
        .isEqualTo("https://generativelanguage.googleapis.com");
    assertThat(errors("providers:\n  mine:\n    type: openai\n    api_key: x\n").get(0))
        .as("OpenAI-compatible servers are many: the address stays required")
        .startsWith("providers.mine.base_url: required");
  }

  @Test
  void unknownNameNeedsABaseUrl() {
    assertThat(errors("providers:\n  mine:\n    api_key: x\n").get(0))
        .startsWith("providers.mine.base_url: required: 'mine' is not a well-known provider");
  }

  @Test
  void baseUrlMustBeAbsoluteHttp() {
    for (String bad : List.of("api.openai.com/v1", "ftp://host/v1", "https://", "http://h/v1?x=1")) {
      assertThat(errors("providers:\n  p:\n    base_url: '" + bad + "'\n"))
          .containsExactly("providers.p.base_url: must be an absolute http(s) URL, got '" + bad
              + "'");
    }
  }

  @Test
  void unknownTypeListsTheKnownOnes() {
    assertThat(errors("providers:\n  openai:\n    type: opneai\n")).containsExactly(
        "providers.openai.type: unknown type 'opneai' (expected one of: anthropic, azure, bedrock, gemini, openai)");
    assertThat(errors("providers:\n  azure:\n    type: openai\n")).containsExactly(
        "providers.azure.base_url: required: the default for 'azure' only applies to type azure");
  }

  @Test
  void azureNeedsAnEndpointAndDefaultsItsApiVersion() {
    assertThat(errors("providers:\n  az:\n    type: azure\n    api_key: k\n").get(0))
        .startsWith("providers.az.base_url: required for type azure");
    ProviderSpec p = load("""
        providers:
          azure:
            base_url: https://myres.openai.azure.com/
            api_key: k
        """).providers().get("azure");
    assertThat(p.type()).isEqualTo("azure"); // a provider named azure is of type azure
    assertThat(p.baseUrl()).isEqualTo("https://myres.openai.azure.com");
    assertThat(p.apiVersion()).isEqualTo("2024-10-21");
    assertThat(load("providers:\n  az:\n    type: Azure\n    base_url: https://r.openai.azure.com\n"
        + "    api_version: 2025-01-01-preview\n").providers().get("az").apiVersion())
        .isEqualTo("2025-01-01-preview");
  }

  @Test
  void apiVersionOnlyForAzure() {
    assertThat(errors("providers:\n  openai:\n    api_version: 2024-10-21\n"))
        .containsExactly("providers.openai.api_version: only applies to providers of type azure");
  }

  @Test
  void providerNamesAndHeadersAreChecked() {
    assertThat(errors("providers:\n  a/b:\n    base_url: http://h\n")).containsExactly(
        "providers.a/b: provider name must not be empty or contain whitespace or '/'");
    assertThat(errors("providers:\n  p:\n    base_url: http://h\n    headers:\n      'a b': x\n"))
        .containsExactly("providers.p.headers: 'a b' is not a valid HTTP header name");
    assertThat(errors("providers:\n  p:\n    base_url: http://h\n    headers:\n      X-A: \"a\\r\\nX-B: b\"\n"))
        .containsExactly("providers.p.headers.X-A: must not contain line breaks");
    assertThat(errors("providers:\n  p:\n    base_url: http://h\n    headers: [x]\n"))
        .containsExactly("providers.p.headers: expected a mapping, got a list");
    assertThat(errors("providers:\n  p: http://h\n"))
        .containsExactly("providers.p: expected a mapping, got a string");
  }

  @Test
  void readsModelsWithDeploymentsAndWeights() {
    GatewayConfig c = load("""
        providers:
          openai: {}
          groq: {}
        models:
          fast:
            deployments:
              - provider: groq
                model: llama-3.1-8b-instant
                weight: 3
              - provider: openai
                model: gpt-4o-mini
          gpt-4o: { deployments: [ { provider: openai } ] }
        """);
    assertThat(c.models().keySet()).containsExactly("fast", "gpt-4o");
    assertThat(c.models().get("fast").deployments()).containsExactly(
        new DeploymentSpec("groq", "llama-3.1-8b-instant", 3),
        new DeploymentSpec("openai", "gpt-4o-mini", 1));
    // the upstream model defaults to the client-facing name
    assertThat(c.models().get("gpt-4o").deployments())
        .containsExactly(new DeploymentSpec("openai", "gpt-4o", 1));
  }

  @Test
  void singleDeploymentShorthand() {
    GatewayConfig c = load("""
        providers: { openai: {} }
        models:
          my-model: { provider: openai, model: gpt-4o-mini }
          gpt-4o: { provider: openai }
        """);
    assertThat(c.models().get("my-model")).isEqualTo(
        new ModelSpec("my-model", List.of(new DeploymentSpec("openai", "gpt-4o-mini", 1))));
    assertThat(c.models().get("gpt-4o").deployments().get(0).model()).isEqualTo("gpt-4o");
    assertThat(errors("""
        providers: { openai: {} }
        models:
          m: { provider: openai, deployments: [ { provider: openai } ] }
        """)).containsExactly(
        "models.m: use either 'deployments' or 'provider'/'model'/'weight' directly, not both");
  }

  @Test
  void unknownProviderListsTheDeclaredOnes() {
    assertThat(errors("""
        providers: { openai: {}, groq: {} }
        models:
          gpt-4o-mini:
            deployments:
              - provider: opneai
        """)).containsExactly("models.gpt-4o-mini.deployments[0].provider: unknown provider"
        + " 'opneai' (known: openai, groq)");
    assertThat(errors("models:\n  m: { provider: openai }\n")).containsExactly(
        "models.m.provider: unknown provider 'openai' (known: none, declare it under providers)");
  }

  @Test
  void deploymentChecks() {
    assertThat(errors("""
        providers: { openai: {} }
        models:
          x:
            deployments:
          y:
            deployments:
              - model: gpt-4o
              - provider: openai
                weight: 0
                wieght: 2
              - openai
          "my model": { provider: openai }
        """)).containsExactly(
        "models.x.deployments: must list at least one deployment",
        "models.y.deployments[0].provider: required: the name of an entry under providers",
        "models.y.deployments[1].weight: must be an integer between 1 and 1000000, got '0'",
        "models.y.deployments[1].wieght: unknown field (did you mean 'weight'?)",
        "models.y.deployments[2]: expected a mapping, got a string",
        "models.my model: model name must not be empty or contain whitespace");
  }

  @Test
  void modelWithNothingNeedsDeployments() {
    assertThat(errors("models:\n  lonely:\n"))
        .containsExactly("models.lonely.deployments: must list at least one deployment");
    assertThat(errors("models:\n  m:\n    deployments: openai\n"))
        .containsExactly("models.m.deployments: expected a list, got a string");
  }

  @Test
  void providerWithErrorsStillCountsAsDeclared() {
    // only the provider's own error, not a second "unknown provider" for the model using it
    assertThat(errors("providers:\n  mine: {}\nmodels:\n  m: { provider: mine }\n")).hasSize(1);
  }
}
