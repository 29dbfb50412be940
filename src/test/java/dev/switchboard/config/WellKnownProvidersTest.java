package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WellKnownProvidersTest {

  @Test
  void tableHasTheDocumentedEntries() {
    assertThat(WellKnownProviders.byName("groq")).hasValueSatisfying(p -> {
      assertThat(p.apiKeyEnv()).isEqualTo("GROQ_API_KEY");
      assertThat(p.baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
      assertThat(p.type()).isEqualTo("openai");
    });
    assertThat(WellKnownProviders.all()).extracting(WellKnownProviders.WellKnownProvider::name)
        .containsExactly("openai", "groq", "together", "openrouter", "mistral", "deepseek",
            "fireworks", "xai", "perplexity", "cerebras", "ollama", "vllm", "azure", "anthropic",
            "gemini", "bedrock");
    assertThat(WellKnownProviders.all()).allSatisfy(p ->
        assertThat(ConfigLoader.KNOWN_PROVIDER_TYPES).contains(p.type()));
    assertThat(WellKnownProviders.byName("nope")).isEmpty();
  }

  @Test
  void noVariablesMeansNoProviders() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("PATH", "/bin"));
    assertThat(c.providers()).isEmpty();
    assertThat(c.models()).isEmpty();
    assertThat(c.server()).isEqualTo(ServerSpec.defaults());
    assertThat(c.upstream()).isEqualTo(UpstreamSpec.defaults());
    assertThat(c.source()).isEqualTo("embedded defaults (no providers configured)");
  }

  @Test
  void oneProviderPerKeyThatIsSet() {
    GatewayConfig c = ConfigLoader.load(null,
        Map.of("OPENAI_API_KEY", "sk-o", "GROQ_API_KEY", "gsk", "MISTRAL_API_KEY", " "));
    assertThat(c.source()).isEqualTo("embedded defaults (providers from environment: groq, openai)");
    assertThat(c.providers().get("openai")).isEqualTo(new ProviderSpec("openai", "openai",
        "https://api.openai.com/v1", "sk-o", "", Map.of()));
    assertThat(c.providers().get("groq").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
    assertThat(c.providers()).doesNotContainKey("mistral"); // blank counts as unset
  }

  @Test
  void anthropicComesFromItsKeyWithItsOwnType() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("ANTHROPIC_API_KEY", "sk-ant"));
    assertThat(c.providers().get("anthropic")).isEqualTo(new ProviderSpec("anthropic",
        "anthropic", "https://api.anthropic.com", "sk-ant", "", Map.of()));
  }

  @Test
  void geminiComesFromItsKeyWithItsOwnType() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("GEMINI_API_KEY", "AIza-test"));
    assertThat(c.providers().get("gemini")).isEqualTo(new ProviderSpec("gemini",
        "gemini", "https://generativelanguage.googleapis.com", "AIza-test", "", Map.of()));
  }

  @Test
  void localServersComeFromTheirUrlVariable() {
    GatewayConfig c = ConfigLoader.load(null,
        Map.of("OLLAMA_BASE_URL", "http://localhost:11434/v1/", "VLLM_BASE_URL", "http://gpu:8000/v1"));
    assertThat(c.providers().get("ollama")).isEqualTo(new ProviderSpec("ollama", "openai",
        "http://localhost:11434/v1", "", "", Map.of()));
    assertThat(c.providers().get("vllm").baseUrl()).isEqualTo("http://gpu:8000/v1");
  }

  @Test
  void azureNeedsKeyAndEndpoint() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("AZURE_OPENAI_API_KEY", "az",
        "AZURE_OPENAI_ENDPOINT", "https://myres.openai.azure.com/"));
    assertThat(c.providers().get("azure")).isEqualTo(new ProviderSpec("azure", "azure",
        "https://myres.openai.azure.com", "az", "2024-10-21", Map.of()));
    assertThat(ConfigLoader.load(null, Map.of("AZURE_OPENAI_API_KEY", "az",
        "AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com", "AZURE_OPENAI_API_VERSION",
        "2025-01-01-preview")).providers().get("azure").apiVersion())
        .isEqualTo("2025-01-01-preview");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("AZURE_OPENAI_API_KEY", "az")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "AZURE_OPENAI_ENDPOINT: must be set too, to configure provider 'azure' from"
                + " AZURE_OPENAI_API_KEY"));
  }

  @Test
  void badUrlVariableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("OLLAMA_BASE_URL", "localhost:11434")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
            "OLLAMA_BASE_URL: must be an absolute http(s) URL, got 'localhost:11434'"));
  }

  @Test
  void overridesApplyToEmbeddedDefaults() {
    GatewayConfig c = ConfigLoader.load(null,
        Map.of("SWITCHBOARD_PORT", "8088", "SWITCHBOARD_MASTER_KEY", "sk-m"));
    assertThat(c.server().port()).isEqualTo(8088);
    assertThat(c.server().masterKey()).isEqualTo("sk-m");
  }
}
