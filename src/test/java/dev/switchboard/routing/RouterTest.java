package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Adapters;
import dev.switchboard.provider.openai.OpenAiAdapter;
import dev.switchboard.routing.balance.DeploymentStats;
import dev.switchboard.routing.catalog.ModelCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Adapters ADAPTERS = new Adapters(Map.of(
      "openai", new OpenAiAdapter(false), "azure", new OpenAiAdapter(true)));

  private static Router router(GatewayConfig c) {
    return new Router(c, ADAPTERS, new DeploymentStats(), ModelCatalog.shipped());
  }

  @Test
  void aliasesResolveToTheirModelAndPricesComeFromConfigOrTheCatalog() {
    GatewayConfig c = ConfigLoader.fromYaml("""
        providers:
          openai: {api_key: k, api_keys: [k2]}
        models:
          smart:
            aliases: [brainy]
            deployments: [{provider: openai, model: gpt-4o}]
          priced:
            pricing: {input: 1, output: 2}
            deployments: [{provider: openai, model: my-finetune}]
          unknown: {provider: openai, model: my-other-finetune}
        """, Map.of(), "test");
    Router r = router(c);
    assertThat(r.resolve("brainy")).isSameAs(r.resolve("smart"));
    Deployment smart = r.resolve("smart").deployments().get(0);
    assertThat(smart.pricing()).as("shipped catalog").isNotNull();
    assertThat(smart.pricing().input()).isPositive();
    assertThat(smart.apiKeys()).containsExactly("k", "k2");
    assertThat(r.resolve("priced").deployments().get(0).pricing().output()).isEqualTo(2.0);
    assertThat(r.resolve("unknown").deployments().get(0).pricing()).isNull();
  }

  @Test
  void aDeploymentAddedAtRunTimeJoinsTheRoute() {
    GatewayConfig c = ConfigLoader.fromYaml("""
        providers:
          a: {base_url: "http://127.0.0.1:1/v1"}
          b: {base_url: "http://127.0.0.1:2/v1"}
        models:
          m: {provider: a, model: x}
        """, Map.of(), "test");
    Router r = router(c);
    r.addDeployment("m", "b", "y", 3);
    assertThat(r.resolve("m").deployments()).extracting(Deployment::id)
        .containsExactly("a/x", "b/y");
    assertThatThrownBy(() -> r.addDeployment("m", "nope", "y", 1))
        .hasMessageContaining("nope");
  }

  @Test
  void providerModelAddressingWorksForEveryProviderFromTheEnvironment() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("GROQ_API_KEY", "g", "OPENROUTER_API_KEY",
        "o"));
    Router r = router(c);
    Deployment groq = r.resolve("groq/llama-3.1-8b-instant").deployments().get(0);
    assertThat(groq.target().host()).isEqualTo("api.groq.com");
    assertThat(groq.target().model()).isEqualTo("llama-3.1-8b-instant");
    Deployment or = r.resolve("openrouter/anthropic/claude-3.5-sonnet").deployments().get(0);
    assertThat(or.target().model()).isEqualTo("anthropic/claude-3.5-sonnet");
    assertThatThrownBy(() -> r.resolve("gpt-4o-mini"))
        .as("two providers: a bare name is ambiguous")
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
          assertThat(e.getMessage()).contains("groq").contains("openrouter");
        });
  }

  @Test
  void withOneProviderABareNameGoesToIt() {
    Router r = router(ConfigLoader.load(null, Map.of("OPENAI_API_KEY", "k")));
    Deployment d = r.resolve("gpt-4o-mini").deployments().get(0);
    assertThat(d.id()).isEqualTo("openai/gpt-4o-mini");
    assertThat(d.target().ssl()).isTrue();
    assertThat(d.target().basePath()).isEqualTo("/v1");
  }

  @Test
  void configuredNamesWinAndKeepTheirOrder() {
    GatewayConfig c = ConfigLoader.fromYaml("""
        providers:
          openai: {api_key: k}
        models:
          zeta: {deployments: [{provider: openai, model: gpt-4o}]}
          alpha: {deployments: [{provider: openai, model: gpt-4o-mini, weight: 3}]}
        """, Map.of(), "test");
    Router r = router(c);
    assertThat(r.configuredRoutes().keySet()).containsExactly("zeta", "alpha");
    assertThat(r.resolve("alpha").deployments().get(0).weight()).isEqualTo(3);
    assertThatThrownBy(() -> r.resolve("gpt-4o")).hasMessageContaining("zeta, alpha");
  }
}
