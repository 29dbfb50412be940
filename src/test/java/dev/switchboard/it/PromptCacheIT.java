package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.DatabaseSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anthropic prompt caching end to end, driven by the official Anthropic Java SDK: a
 * {@code /v1/messages} request with {@code cache_control} to an Anthropic upstream (the
 * simulator, which writes a marked prefix the first time and reads it after) reports the cache
 * write, then the read, to the client; the ledger keeps both apart and prices them at the shipped
 * catalog's Claude Sonnet 4 prices (writes 1.25 x input, reads 0.1 x); the admin usage report
 * shows the writes.
 */
class PromptCacheIT {
  private static final String MASTER = "sk-master-prompt-cache";
  /** Claude Sonnet 4 in the shipped catalog, USD (= micro-dollars) per million tokens. */
  private static final double INPUT = 3.00;
  private static final double OUTPUT = 15.00;
  private static final double CACHE_READ = 0.30;
  private static final double CACHE_WRITE = 3.75;

  private static Sims s;
  private static Gateway g;
  private static Database db;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    s = Sims.start(1);
    String sqlite = Harness.tempDb();
    g = s.gateway("""
        routing:
          health: {probes: false}
        providers:
          claude:
            type: anthropic
            base_url: http://127.0.0.1:%d
            api_key: sk-ant-sim
        models:
          sonnet: {provider: claude, model: claude-sonnet-4-20250514}
        """.formatted(s.sim('a').port()), "", MASTER, sqlite);
    db = Database.open(DatabaseSettings.of("", sqlite), new SimpleMeterRegistry());
    client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.port())
        .apiKey(MASTER).maxRetries(0).timeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    db.close();
    s.close();
  }

  private static MessageCreateParams cachedReview(String question) {
    // About 2,000 tokens of system prompt, marked for caching as Claude Code marks its own.
    String system = "You review the switchboard gateway's pull requests. ".repeat(150);
    return MessageCreateParams.builder().model("sonnet").maxTokens(128)
        .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(system)
            .cacheControl(CacheControlEphemeral.builder().build()).build()))
        .addUserMessage(question).build();
  }

  @Test
  void theFirstRequestWritesTheCacheTheSecondReadsItAndTheLedgerPricesEach() throws Exception {
    Message first = client.messages().create(cachedReview("Review PR 1."));
    first.validate();
    long written = first.usage().cacheCreationInputTokens().orElse(0L);
    assertThat(written).as("cache writes reported to the client").isGreaterThan(1_000);
    assertThat(first.usage().cacheReadInputTokens()).hasValue(0L);
    long input = first.usage().inputTokens();
    assertThat(input).as("the rest of the prompt").isBetween(1L, 10L);

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
        .createStreaming(cachedReview("Review PR 1."))) {
      stream.stream().forEach(acc::accumulate);
    }
    Message second = acc.message();
    second.validate();
    assertThat(second.usage().cacheReadInputTokens()).as("cache reads reported to the client")
        .hasValue(written);
    assertThat(second.usage().cacheCreationInputTokens()).hasValue(0L);
    assertThat(second.usage().inputTokens()).isEqualTo(input);

    await().atMost(Duration.ofSeconds(10)).until(() -> ledger().size() == 2);
    // prompt, completion, cached and cache-write tokens, cost in micro-dollars: the write first
    List<long[]> rows = ledger();
    long out1 = first.usage().outputTokens();
    assertThat(rows.get(0)).startsWith(input + written, out1, 0, written);
    assertThat(rows.get(0)[4]).as("writes at 1.25 x input")
        .isCloseTo(Math.round(input * INPUT + written * CACHE_WRITE + out1 * OUTPUT), within(1L))
        .isGreaterThan(Math.round((input + written) * INPUT + out1 * OUTPUT));
    long out2 = second.usage().outputTokens();
    assertThat(rows.get(1)).startsWith(input + written, out2, written, 0);
    assertThat(rows.get(1)[4]).as("reads at 0.1 x input")
        .isCloseTo(Math.round(input * INPUT + written * CACHE_READ + out2 * OUTPUT), within(1L));

    JsonNode usage = Json.MAPPER.readTree(admin("/admin/usage?group_by=model").body());
    JsonNode sonnet = usage.path("data").path(0);
    assertThat(sonnet.path("group").asText()).isEqualTo("sonnet");
    assertThat(sonnet.path("cached_tokens").asLong()).isEqualTo(written);
    assertThat(sonnet.path("cache_write_tokens").asLong()).isEqualTo(written);
    assertThat(sonnet.path("prompt_tokens").asLong()).isEqualTo(2 * (input + written));
  }

  private static HttpResponse<String> admin(String path) throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .header("Authorization", "Bearer " + MASTER).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<long[]> ledger() {
    return db.read("ledger", c -> {
      try (var st = c.prepareStatement("SELECT prompt_tokens, completion_tokens, cached_tokens,"
          + " cache_write_tokens, cost_micros FROM ledger WHERE model = 'sonnet'"
          + " ORDER BY cached_tokens");
          var rs = st.executeQuery()) {
        List<long[]> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
              rs.getLong(5)});
        }
        return out;
      }
    });
  }
}
