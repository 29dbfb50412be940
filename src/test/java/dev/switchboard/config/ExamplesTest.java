package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file in {@code examples/} must load, so the documentation can never drift from the code. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("examples");

  /** Every variable any example requires, with plausible values. */
  private static final Map<String, String> ENV = Map.of(
      "OPENAI_API_KEY", "sk-test",
      "GROQ_API_KEY", "gsk-test",
      "TOGETHER_API_KEY", "tg-test",
      "AZURE_OPENAI_API_KEY", "az-test",
      "AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com",
      "SWITCHBOARD_MASTER_KEY", "sk-gateway");

  @TestFactory
  Stream<DynamicTest> everyExampleLoads() throws IOException {
    return yamlFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        () -> {
          GatewayConfig c = ConfigLoader.load(file, ENV);
          assertThat(c.source()).isEqualTo(file.toString());
          // every model must route somewhere the file declares
          c.models().values().forEach(m -> m.deployments().forEach(d ->
              assertThat(c.providers()).containsKey(d.provider())));
        }));
  }

  @Test
  void examplesExist() throws IOException {
    assertThat(yamlFiles()).extracting(p -> p.getFileName().toString())
        .contains("quickstart.yaml", "openai.yaml", "multi-provider.yaml", "azure.yaml");
  }

  @Test
  void quickstartTargetsTheSimulator() {
    GatewayConfig c = ConfigLoader.load(EXAMPLES.resolve("quickstart.yaml"), Map.of());
    assertThat(c.providers().get("simulator").baseUrl()).isEqualTo("http://127.0.0.1:4001/v1");
    assertThat(c.models().keySet())
        .containsExactly("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "dall-e-3");
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    }
  }
}
