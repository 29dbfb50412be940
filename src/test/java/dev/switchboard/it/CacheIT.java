package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.switchboard.Gateway;
import dev.switchboard.provider.Json;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The response cache end to end, driven by the official OpenAI SDK: hits never reach the simulator
 * (its record of requests does not grow), JSON and streaming clients share answers both ways,
 * Cache-Control is honoured, and two gateways share answers through a real Redis. Every test asks
 * its own question (a random marker) so the tests never see each other's answers. Tenants and the
 * ledger are in {@link CacheGovernanceIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheIT {
  private static final String MODELS = "models:\n"
      + "  mini: {provider: sim-a, model: gpt-4o-mini}\n"
      + "  other: {provider: sim-a, model: gpt-4o}\n";
  private Sims s;
  private Gateway g;
  private OpenAIClient client;

  @BeforeAll
  void start() {
    s = Sims.start(1);
    g = s.gateway(s.providers() + MODELS + "cache:\n  models: [mini]\n  ttl: 10m\n");
    client = client(g);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  static OpenAIClient client(Gateway gw) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gw.port() + "/v1")
        .apiKey("sk-any").maxRetries(0).build();
  }

  /** Chat requests that reached the simulator asking {@code question}. */
  long upstreamCalls(String question) {
    return s.sim('a').requests().stream()
        .filter(q -> q.path().contains("chat") && q.body().contains(question)).count();
  }

  static ChatCompletionCreateParams.Builder ask(String model, String question) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(question);
  }

  static String header(HttpResponseFor<?> r, String name) {
    List<String> v = r.headers().values(name);
    return v.isEmpty() ? null : v.get(0);
  }

  /** The streamed answer, every chunk checked against the SDK's model. */
  static ChatCompletion streamed(OpenAIClient c, ChatCompletionCreateParams params) {
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        c.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunk.validate();
        acc.accumulate(chunk);
      });
    }
    return acc.chatCompletion();
  }

  private long stores() throws Exception {
    return Json.MAPPER.readTree(s.get(g, "/admin/cache").body()).at("/stats/stores").asLong();
  }

  private HttpResponse<String> raw(Gateway gw, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
        + "/v1/chat/completions")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSecondIdenticalRequestIsAnsweredWithoutCallingTheUpstream() {
    String q = "cache-same " + UUID.randomUUID();
    var first = client.chat().completions().withRawResponse().create(ask("mini", q).build());
    assertThat(header(first, "X-Switchboard-Cache")).isEqualTo("miss");
    ChatCompletion answer = first.parse();
    assertThat(upstreamCalls(q)).isEqualTo(1);

    var second = client.chat().completions().withRawResponse().create(ask("mini", q).build());
    assertThat(header(second, "X-Switchboard-Cache")).isEqualTo("hit");
    assertThat(header(second, "Age")).isNotNull();
    ChatCompletion again = second.parse();
    again.validate();
    assertThat(again.choices().get(0).message().content())
        .isEqualTo(answer.choices().get(0).message().content());
    assertThat(upstreamCalls(q)).as("the hit never reached the simulator").isEqualTo(1);
  }

  @Test
  void keyOrderNumberSpellingAndStreamFlagsDoNotChangeTheKeyButParametersDo() throws Exception {
    String q = "cache-canonical " + UUID.randomUUID();
    assertThat(raw(g, "{\"model\":\"mini\",\"temperature\":1,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + q + "\"}],\"user\":\"ada\"}").headers()
        .firstValue("X-Switchboard-Cache")).hasValue("miss");
    HttpResponse<String> reordered = raw(g, "{\"messages\":[{\"content\":\"" + q
        + "\",\"role\":\"user\"}],\"user\":\"bob\",\"temperature\":1.0,\"model\":\"mini\"}");
    assertThat(reordered.headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    HttpResponse<String> hotter = raw(g, "{\"model\":\"mini\",\"temperature\":0.5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + q + "\"}]}");
    assertThat(hotter.headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    assertThat(upstreamCalls(q)).isEqualTo(2);
  }

  @Test
  void aStreamingClientIsServedFromAJsonAnswer() {
    String q = "cache-json-then-stream " + UUID.randomUUID();
    ChatCompletion json = client.chat().completions().create(ask("mini", q).build());

    ChatCompletion fromCache = streamed(client, ask("mini", q).streamOptions(
        ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
    assertThat(upstreamCalls(q)).isEqualTo(1);
    assertThat(fromCache.choices().get(0).message().content())
        .isEqualTo(json.choices().get(0).message().content());
    assertThat(fromCache.choices().get(0).finishReason())
        .isEqualTo(json.choices().get(0).finishReason());
    assertThat(fromCache.usage()).as("include_usage gets the usage chunk")
        .isEqualTo(json.usage());
  }

  @Test
  void aJsonClientIsServedFromAStreamedAnswer() throws Exception {
    String q = "cache-stream-then-json " + UUID.randomUUID();
    long storedBefore = stores();
    ChatCompletion streamedAnswer = streamed(client, ask("mini", q).build());
    // the answer is stored when the stream ended, just after the client saw its last chunk
    await().atMost(Duration.ofSeconds(5)).until(() -> stores() > storedBefore);

    var fromCache = client.chat().completions().withRawResponse().create(ask("mini", q).build());
    assertThat(header(fromCache, "X-Switchboard-Cache")).isEqualTo("hit");
    ChatCompletion json = fromCache.parse();
    json.validate();
    assertThat(json.choices().get(0).message().content())
        .isEqualTo(streamedAnswer.choices().get(0).message().content());
    assertThat(json.usage()).isPresent();
    assertThat(upstreamCalls(q)).isEqualTo(1);
  }

  @Test
  void cacheControlNoStoreBypassesNoCacheRefreshesAndMaxAgeLimitsTheAge() throws Exception {
    String q = "cache-control " + UUID.randomUUID();
    String body = "{\"model\":\"mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + q
        + "\"}]}";
    HttpResponse<String> noStore = raw(g, body, "Content-Type", "application/json",
        "Cache-Control", "no-store");
    assertThat(noStore.headers().firstValue("X-Switchboard-Cache")).hasValue("bypass");
    assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache"))
        .as("no-store stored nothing").hasValue("miss");
    assertThat(raw(g, body, "Content-Type", "application/json", "Cache-Control", "no-store")
        .headers().firstValue("X-Switchboard-Cache")).as("an entry exists, no-store ignores it")
        .hasValue("bypass");
    assertThat(raw(g, body, "Content-Type", "application/json", "Cache-Control", "no-cache")
        .headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    assertThat(raw(g, body, "Content-Type", "application/json", "Cache-Control", "max-age=0")
        .headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    assertThat(raw(g, body, "Content-Type", "application/json", "Cache-Control", "max-age=600")
        .headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    assertThat(upstreamCalls(q)).isEqualTo(5);
  }

  @Test
  void onlyOptedInRequestsUseTheCache() throws Exception {
    String q = "cache-opt-in " + UUID.randomUUID();
    String other = "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"" + q
        + "\"}]}";
    assertThat(raw(g, other).headers().firstValue("X-Switchboard-Cache"))
        .as("model 'other' is not listed").isEmpty();
    assertThat(raw(g, other, "Content-Type", "application/json", "X-Switchboard-Cache", "on")
        .headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    assertThat(raw(g, other, "Content-Type", "application/json", "X-Switchboard-Cache", "on")
        .headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    String mini = other.replace("\"other\"", "\"mini\"");
    raw(g, mini);
    assertThat(raw(g, mini, "Content-Type", "application/json", "X-Switchboard-Cache", "off")
        .headers().firstValue("X-Switchboard-Cache")).isEmpty();
    assertThat(upstreamCalls(q)).isEqualTo(4);
  }

  @Test
  void theAdminApiShowsFlushesAndReplacesTheSettings() throws Exception {
    String q = "cache-admin " + UUID.randomUUID();
    String body = "{\"model\":\"mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + q
        + "\"}]}";
    raw(g, body);
    JsonNode view = Json.MAPPER.readTree(s.get(g, "/admin/cache").body());
    assertThat(view.at("/settings/backend").asText()).isEqualTo("memory");
    assertThat(view.at("/stats/entries").asLong()).isPositive();
    assertThat(view.at("/stats/size_bytes").asLong()).isPositive();
    assertThat(s.get(g, "/metrics").body()).contains("cache_hits_total", "cache_misses_total",
        "cache_size_bytes", "cache_evictions_total");

    HttpResponse<String> bad = send("PUT", "/admin/cache", "{\"ttl\": \"soon\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("cache.ttl");
    HttpResponse<String> off = send("PUT", "/admin/cache",
        "{\"models\": [\"mini\"], \"ttl\": \"10m\", \"enabled\": false}");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache")).isEmpty();
    assertThat(send("PUT", "/admin/cache", "{\"models\": [\"mini\"], \"ttl\": \"10m\"}")
        .statusCode()).isEqualTo(200);
    assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache")).hasValue("hit");

    HttpResponse<String> flushed = send("DELETE", "/admin/cache", null);
    assertThat(Json.MAPPER.readTree(flushed.body()).path("removed").asLong()).isPositive();
    assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
  }

  @Test
  void answersOlderThanTheTtlAreNotServed() throws Exception {
    String q = "cache-ttl " + UUID.randomUUID();
    String body = "{\"model\":\"mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + q
        + "\"}]}";
    raw(g, body);
    assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    // a TTL shorter than the time since the answer was stored (at least this PUT's round trip)
    // expires it without waiting; the shorter TTL applies to answers already stored
    try {
      assertThat(send("PUT", "/admin/cache", "{\"models\": [\"mini\"], \"ttl\": \"1ms\"}")
          .statusCode()).isEqualTo(200);
      assertThat(raw(g, body).headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    } finally {
      send("PUT", "/admin/cache", "{\"models\": [\"mini\"], \"ttl\": \"10m\"}");
    }
    assertThat(upstreamCalls(q)).isEqualTo(2);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return s.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anthropicMessagesClientsShareTheCacheInBothForms() throws Exception {
    String q = "cache-messages " + UUID.randomUUID();
    String body = "{\"model\":\"mini\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + q + "\"}]}";
    HttpResponse<String> first = s.post(g, "/v1/messages", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Switchboard-Cache")).hasValue("miss");
    HttpResponse<String> second = s.post(g, "/v1/messages", body);
    assertThat(second.headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    String text = Json.MAPPER.readTree(first.body()).at("/content/0/text").asText();
    assertThat(Json.MAPPER.readTree(second.body()).at("/content/0/text").asText()).isEqualTo(text);
    HttpResponse<String> streamed = s.post(g, "/v1/messages",
        body.replace("{\"model\"", "{\"stream\":true,\"model\""));
    assertThat(streamed.headers().firstValue("X-Switchboard-Cache")).hasValue("hit");
    assertThat(streamed.body()).contains("event: message_start", "event: message_stop");
    assertThat(upstreamCalls(q)).isEqualTo(1);
  }

  @Test
  void twoGatewaysShareAnswersThroughRedis() throws Exception {
    String redis = "redis://127.0.0.1:6379";
    String yaml = s.providers() + MODELS + "cache:\n  backend: redis\n  models: [mini]\n";
    Gateway one = s.gateway(yaml, redis);
    Gateway two = s.gateway(yaml, redis);
    for (Gateway gw : List.of(one, two)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> Json.MAPPER.readTree(
          s.get(gw, "/admin/cache").body()).at("/stats/connected").asBoolean());
    }
    String q = "cache-redis " + UUID.randomUUID();
    RedisClient probeClient = RedisClient.create(redis);
    StatefulRedisConnection<String, String> probe = probeClient.connect();
    int before = redisKeys(probe).size();
    var first = client(one).chat().completions().withRawResponse()
        .create(ask("mini", q).build());
    assertThat(header(first, "X-Switchboard-Cache")).isEqualTo("miss");
    String content = first.parse().choices().get(0).message().content().orElseThrow();

    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> redisKeys(probe).size() > before);
    } finally {
      probe.close();
      probeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    var second = client(two).chat().completions().withRawResponse()
        .create(ask("mini", q).build());
    assertThat(header(second, "X-Switchboard-Cache")).isEqualTo("hit");
    assertThat(second.parse().choices().get(0).message().content()).hasValue(content);
    assertThat(upstreamCalls(q)).isEqualTo(1);
    // the other gateway answers a streaming client from the same entry
    ChatCompletion streamedTwo = streamed(client(two), ask("mini", q).build());
    assertThat(streamedTwo.choices().get(0).message().content()).hasValue(content);
    assertThat(upstreamCalls(q)).isEqualTo(1);
  }

  /** The open data plane's partition ("_") holds every answer of these gateways. */
  private static List<String> redisKeys(StatefulRedisConnection<String, String> probe) {
    List<String> keys = new ArrayList<>();
    ScanIterator.scan(probe.sync(), ScanArgs.Builder.matches("switchboard:cache:_:*")
        .limit(1000)).forEachRemaining(keys::add);
    return keys;
  }
}
