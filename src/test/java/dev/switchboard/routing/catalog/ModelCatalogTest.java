package dev.switchboard.routing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private static final ModelCatalog SHIPPED = ModelCatalog.shipped();

  @Test
  void theShippedFileLoadsOnceWithItsProvenance() {
    assertThat(ModelCatalog.shipped()).isSameAs(SHIPPED);
    assertThat(SHIPPED.source()).contains("openai.com", "anthropic.com", "ai.google.dev",
        "mistral.ai", "groq.com", "deepseek.com", "x.ai");
    assertThat(SHIPPED.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(SHIPPED.entries()).hasSizeGreaterThan(50);
  }

  @Test
  void theModelsTheGatewayPromisesAreListed() {
    List<String> required = List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini",
        "gpt-4.1-nano", "o1", "o3", "o3-mini", "o4-mini", "gpt-3.5-turbo",
        "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002",
        "claude-3-5-haiku", "claude-3-5-sonnet", "claude-3-7-sonnet", "claude-sonnet-4",
        "claude-opus-4", "claude-3-opus", "claude-3-haiku", "gemini-1.5-pro", "gemini-1.5-flash",
        "gemini-2.0-flash", "gemini-2.5-pro", "gemini-2.5-flash", "mistral-large",
        "mistral-small", "llama-3.1-8b-instant", "llama-3.3-70b-versatile", "deepseek-chat",
        "deepseek-reasoner", "grok-3", "grok-4");
    for (String name : required) {
      assertThat(SHIPPED.find(name)).as(name).map(CatalogEntry::name).contains(name);
    }
  }

  @Test
  void everyEntryIsPlausible() {
    for (CatalogEntry e : SHIPPED.entries()) {
      assertThat(e.name()).as("lower case").isEqualTo(e.name().toLowerCase(Locale.ROOT));
      assertThat(e.family()).as(e.name())
          .isIn("openai", "anthropic", "google", "mistral", "groq", "deepseek", "xai");
      assertThat(e.contextWindow()).as(e.name()).isPositive();
      assertThat(e.maxOutputTokens()).as(e.name()).isBetween(0, e.contextWindow());
      assertThat(List.of(e.pricing().input(), e.pricing().output(), e.pricing().cachedInput(),
          e.pricing().reasoning())).as(e.name()).allMatch(p -> p >= 0);
      assertThat(e.pricing().cachedInput()).as(e.name() + ": cache reads are a discount")
          .isLessThanOrEqualTo(e.pricing().input());
      assertThat(e.pricing().cacheWriteInput()).as(e.name() + ": cache writes are no discount")
          .isGreaterThanOrEqualTo(e.pricing().input());
      if (e.name().contains("embed")) {
        assertThat(e.pricing().output()).as(e.name()).isZero();
        assertThat(e.pricing().input()).as(e.name()).isPositive();
      } else {
        assertThat(e.pricing().input()).as(e.name() + " is a chat model").isPositive();
        assertThat(e.pricing().output()).as(e.name() + " is a chat model").isPositive();
      }
    }
  }

  @Test
  void publishedCachePricesAreKept() {
    CatalogEntry gpt4o = SHIPPED.find("gpt-4o").orElseThrow();
    assertThat(gpt4o.pricing().input()).isEqualTo(2.50);
    assertThat(gpt4o.pricing().output()).isEqualTo(10.00);
    assertThat(gpt4o.pricing().cachedInput()).isEqualTo(1.25);
    assertThat(gpt4o.pricing().reasoning()).as("defaults to output").isEqualTo(10.00);
    assertThat(SHIPPED.find("gpt-3.5-turbo").orElseThrow().pricing().cachedInput())
        .as("no published cache price: the input price").isEqualTo(0.50);
  }

  @Test
  void claudeModelsPriceCacheWritesAtAQuarterMoreAndReadsAtATenthOfInput() {
    List<CatalogEntry> claude = SHIPPED.entries().stream()
        .filter(e -> e.name().startsWith("claude")).toList();
    assertThat(claude).hasSizeGreaterThanOrEqualTo(8);
    for (CatalogEntry e : claude) {
      assertThat(e.pricing().cacheWriteInput()).as(e.name())
          .isCloseTo(e.pricing().input() * 1.25, within(1e-9));
      assertThat(e.pricing().cachedInput()).as(e.name())
          .isCloseTo(e.pricing().input() * 0.1, within(1e-9));
    }
    assertThat(SHIPPED.find("gpt-4o").orElseThrow().pricing().cacheWriteInput())
        .as("no cache-write surcharge: the input price").isEqualTo(2.50);
  }

  @Test
  void providerPrefixesAreIgnored() {
    assertThat(name("openai/gpt-4o")).contains("gpt-4o");
    assertThat(name("groq/llama-3.1-8b-instant")).contains("llama-3.1-8b-instant");
    assertThat(name("models/gemini-2.0-flash")).contains("gemini-2.0-flash");
    assertThat(name("groq/meta-llama/llama-4-scout-17b-16e-instruct"))
        .contains("llama-4-scout-17b-16e-instruct");
    assertThat(name("openrouter/anthropic/claude-3.5-sonnet")).contains("claude-3-5-sonnet");
    assertThat(name("OpenAI/GPT-4o")).as("case").contains("gpt-4o");
  }

  @Test
  void datedSnapshotsFindTheirModel() {
    assertThat(name("gpt-4o-2024-08-06")).contains("gpt-4o");
    assertThat(name("gpt-4o-mini-2024-07-18")).contains("gpt-4o-mini");
    assertThat(name("o3-mini-2025-01-31")).contains("o3-mini");
    assertThat(name("gpt-3.5-turbo-0125")).contains("gpt-3.5-turbo");
    assertThat(name("claude-3-5-sonnet-20241022")).contains("claude-3-5-sonnet");
    assertThat(name("claude-sonnet-4-20250514")).contains("claude-sonnet-4");
    assertThat(name("claude-opus-4-1-20250805")).contains("claude-opus-4-1");
    assertThat(name("anthropic/claude-3-7-sonnet-20250219")).contains("claude-3-7-sonnet");
    assertThat(name("mistral-large-2411")).contains("mistral-large");
    assertThat(name("gemini-1.5-pro-002")).contains("gemini-1.5-pro");
    assertThat(name("gemini-2.5-pro-preview-06-05")).contains("gemini-2.5-pro");
    assertThat(name("grok-2-1212")).contains("grok-2");
  }

  @Test
  void anExactDatedEntryWinsOverItsBaseModel() {
    assertThat(SHIPPED.find("gpt-4o-2024-05-13").orElseThrow().pricing().input()).isEqualTo(5.0);
    assertThat(SHIPPED.find("gemini-2.5-flash-preview-05-20").orElseThrow().pricing().reasoning())
        .isGreaterThan(SHIPPED.find("gemini-2.5-flash-preview-05-20").orElseThrow()
            .pricing().output());
  }

  @Test
  void latestAliasesFindTheirModel() {
    assertThat(name("claude-3-5-haiku-latest")).contains("claude-3-5-haiku");
    assertThat(name("mistral-small-latest")).contains("mistral-small");
    assertThat(name("mistral/mistral-large-latest")).contains("mistral-large");
    assertThat(name("gemini-1.5-flash-latest")).contains("gemini-1.5-flash");
    assertThat(name("claude-sonnet-4-0")).contains("claude-sonnet-4");
  }

  @Test
  void unknownNamesMissAndRepeatedMissesStayMisses() {
    for (int i = 0; i < 2; i++) {
      assertThat(SHIPPED.find("my-finetune")).isEmpty();
      assertThat(SHIPPED.find("acme/gpt-9-2030-01-01")).isEmpty();
      assertThat(SHIPPED.find("gpt-4o-turbo-ultra")).isEmpty();
    }
    assertThat(SHIPPED.find("")).isEmpty();
    assertThat(SHIPPED.find(null)).isEmpty();
    assertThat(SHIPPED.find("x".repeat(10_000))).isEmpty();
    assertThat(SHIPPED.find("openai/")).isEmpty();
    assertThat(SHIPPED.find("-latest")).isEmpty();
  }

  @Test
  void manyDistinctNamesDoNotBreakLookups() {
    for (int i = 0; i < ModelCatalog.LOOKUP_CACHE_SIZE * 2; i++) {
      assertThat(SHIPPED.find("tenant-" + i + "/gpt-4o-2024-08-06")).isPresent();
    }
    assertThat(name("openai/gpt-4o")).contains("gpt-4o");
  }

  @Test
  void aCatalogCanBeBuiltFromYamlText() {
    ModelCatalog c = ModelCatalog.fromYaml("""
        source: test
        as_of: "2025-01-01"
        models:
          tiny:
            family: acme
            context_window: 1000
            pricing: {input: 1, output: 2, reasoning: 3}
        """);
    CatalogEntry tiny = c.find("acme/tiny-latest").orElseThrow();
    assertThat(tiny.maxOutputTokens()).isZero();
    assertThat(tiny.pricing().cachedInput()).isEqualTo(1.0);
    assertThat(tiny.pricing().reasoning()).isEqualTo(3.0);
    ObjectNode json = tiny.toJson();
    assertThat(json.toString()).isEqualTo("{\"name\":\"tiny\",\"family\":\"acme\","
        + "\"context_window\":1000,\"max_output_tokens\":0,\"pricing\":{\"input\":1.0,"
        + "\"output\":2.0,\"cached_input\":1.0,\"cache_write_input\":1.0,"
        + "\"cache_write_1h_input\":1.0,\"reasoning\":3.0}}");
  }

  @Test
  void invalidCatalogsAreRejectedWithTheOffendingKey() {
    String head = "source: s\nas_of: \"2025-01-01\"\nmodels:\n";
    assertThatThrownBy(() -> ModelCatalog.fromYaml(head
        + "  m: {family: f, context_window: 0, pricing: {input: 1, output: 1}}\n"))
        .hasMessageContaining("models.m.context_window");
    assertThatThrownBy(() -> ModelCatalog.fromYaml(head
        + "  m: {family: f, context_window: 10, pricing: {input: -1, output: 1}}\n"))
        .hasMessageContaining("models.m.pricing.input");
    assertThatThrownBy(() -> ModelCatalog.fromYaml(head
        + "  m: {family: f, context_window: 10, pricing: {input: 1}}\n"))
        .hasMessageContaining("models.m.pricing.output");
    assertThatThrownBy(() -> ModelCatalog.fromYaml(head + "  m: {family: f, context_window: 10,"
        + " pricing: {input: 1, output: 1, cache_write_input: -1}}\n"))
        .hasMessageContaining("models.m.pricing.cache_write_input");
    assertThatThrownBy(() -> ModelCatalog.fromYaml(head
        + "  m: {family: f, context_window: 10, pricing: {input: 1, output: 1}}\n"
        + "  m: {family: f, context_window: 10, pricing: {input: 1, output: 1}}\n"))
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> ModelCatalog.fromYaml("models: {}\n"))
        .hasMessageContaining("source");
  }

  private static Optional<String> name(String model) {
    return SHIPPED.find(model).map(CatalogEntry::name);
  }
}
