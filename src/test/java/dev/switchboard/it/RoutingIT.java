package dev.switchboard.it;

import dev.switchboard.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.Gateway;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.provider.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Load balancing and failover through real simulators: a provider killed under load, 429s, slow
 * first bytes, dropped streams, weights, key rotation and the dedicated fallbacks.
 */
class RoutingIT {
  private static final MockBehavior OK = MockBehavior.defaults();

  private static String model(String name, String strategy, String... deployments) {
    StringBuilder b = new StringBuilder("  " + name + ":\n    strategy: " + strategy
        + "\n    deployments:\n");
    for (String d : deployments) {
      String[] pw = d.split("\\*");
      b.append("      - {provider: ").append(pw[0]).append(", model: gpt-4o-mini, weight: ")
          .append(pw.length > 1 ? pw[1] : "1").append("}\n");
    }
    return b.toString();
  }

  @Test
  void aProviderKilledUnderLoadCostsNoClientAnErrorAndComesBackAfterRecovery() throws Exception {
    try (Sims s = Sims.start(2)) {
      Gateway g = s.gateway(s.providers("circuit_breaker: {timeout_seconds: 1}", "")
          + "models:\n" + model("ha", "round_robin", "sim-a", "sim-b"));
      OpenAIClient client = OpenAIOkHttpClient.builder()
          .baseUrl("http://127.0.0.1:" + g.port() + "/v1").apiKey("unused").maxRetries(0)
          .build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicInteger errors = new AtomicInteger();
      List<Future<?>> load = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        load.add(pool.submit(() -> {
          if (n == 100) {
            Await.await(s.sim('a').close());
          }
          try {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("ha").addUserMessage("hello").build());
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : load) {
        f.get();
      }
      pool.shutdown();
      assertThat(errors).hasValue(0);
      JsonNode breaker = Json.MAPPER.readTree(
          s.get(g, "/circuit-breakers/sim-a%2Fgpt-4o-mini").body());
      assertThat(breaker.path("state").asText()).isEqualToIgnoringCase("open");

      s.restart('a');
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(Sims.served(s.chat(g, "ha"))).isEqualTo("sim-a/gpt-4o-mini"));
    }
  }

  @Test
  void a429MovesOnToTheNextDeploymentAtOnce() throws Exception {
    try (Sims s = Sims.start(2)) {
      Gateway g = s.gateway(s.providers() + "models:\n"
          + model("m", "weighted_round_robin", "sim-a*100", "sim-b"));
      s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 429, 0, 30, false, -1));
      HttpResponse<String> r = s.chat(g, "m");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Sims.served(r)).isEqualTo("sim-b/gpt-4o-mini");
      assertThat(Sims.attempts(r)).isEqualTo(2);
    }
  }

  @Test
  void aSlowFirstByteTimesOutAndFallsBackToAnotherModel() throws Exception {
    try (Sims s = Sims.start(2)) {
      Gateway g = s.gateway("upstream: {first_byte_timeout: 300ms}\n" + s.providers()
          + "models:\n" + model("slow", "round_robin", "sim-a")
          + "    fallbacks: [backup]\n" + model("backup", "round_robin", "sim-b"));
      s.sim('a').behavior(new MockBehavior(5000, 0, 0, 16, 200, 0, 1, false, -1));
      long start = System.nanoTime();
      HttpResponse<String> r = s.chat(g, "slow");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Sims.served(r)).isEqualTo("sim-b/gpt-4o-mini");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aStreamThatDropsAfterItsFirstByteEndsWithAnErrorEventAndIsNotReplayed() throws Exception {
    try (Sims s = Sims.start(2)) {
      Gateway g = s.gateway(s.providers() + "models:\n"
          + model("m", "weighted_round_robin", "sim-a*100", "sim-b"));
      s.sim('a').behavior(new MockBehavior(0, 0, 0, 50, 200, 0, 1, false, 3));
      HttpResponse<String> r = s.post(g, "/v1/chat/completions", "{\"model\":\"m\",\"stream\":"
          + "true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("chat.completion.chunk").contains("\"error\"")
          .doesNotContain("[DONE]");
      assertThat(s.sim('b').requests()).noneMatch(q -> q.path().contains("chat"));
    }
  }

  @Test
  void weightsAreRespectedOver10000Requests() throws Exception {
    try (Sims s = Sims.start(2)) {
      s.mocks.forEach(m -> m.behavior(OK));
      Gateway g = s.gateway(s.providers() + "models:\n"
          + model("wrr", "weighted_round_robin", "sim-a*3", "sim-b")
          + model("rnd", "random", "sim-a*3", "sim-b"));
      for (String m : List.of("wrr", "rnd")) {
        Map<String, AtomicInteger> counts = spread(s, g, m, 10_000);
        double shareA = counts.get("sim-a/gpt-4o-mini").get() / 10_000.0;
        assertThat(shareA).as(m).isCloseTo(0.75, org.assertj.core.data.Offset.offset(
            m.equals("wrr") ? 0.001 : 0.02));
      }
    }
  }

  private static Map<String, AtomicInteger> spread(Sims s, Gateway g, String model, int n)
      throws Exception {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(pool.submit(() -> {
        HttpResponse<String> r = s.chat(g, model);
        assertThat(r.statusCode()).isEqualTo(200);
        counts.computeIfAbsent(Sims.served(r), k -> new AtomicInteger()).incrementAndGet();
        return null;
      }));
    }
    for (Future<?> f : all) {
      f.get();
    }
    pool.shutdown();
    return counts;
  }

  @Test
  void aRejectedKeyRotatesToTheProvidersNextKey() throws Exception {
    try (Sims s = Sims.start(1, "sk-good")) {
      Gateway g = s.gateway(s.providers("api_keys: [sk-revoked, sk-good]") + "models:\n"
          + model("m", "round_robin", "sim-a"));
      HttpResponse<String> first = s.chat(g, "m");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(Sims.attempts(first)).isEqualTo(2);
      HttpResponse<String> second = s.chat(g, "m");
      assertThat(Sims.attempts(second)).as("the ring remembers the good key").isEqualTo(1);
    }
  }

  @Test
  void aPromptTooLongForTheModelGoesToItsLargerContextFallback() throws Exception {
    try (Sims s = Sims.start(1)) {
      Gateway g = s.gateway(s.providers() + """
          models:
            small: {provider: sim-a, model: gpt-4o-mini, context_window_fallback: large}
            large: {provider: sim-a, model: gpt-4.1}
          """);
      String longText = "word ".repeat(110_000);
      HttpResponse<String> r = s.post(g, "/v1/chat/completions", "{\"model\":\"small\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Sims.served(r)).isEqualTo("sim-a/gpt-4.1");
      HttpResponse<String> none = s.post(g, "/v1/chat/completions", "{\"model\":\"large\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"" + longText.repeat(10) + "\"}]}");
      assertThat(none.statusCode()).isEqualTo(400);
      assertThat(Json.MAPPER.readTree(none.body()).at("/error/code").asText())
          .isEqualTo("context_length_exceeded");
    }
  }

  @Test
  void aStreamFallsBackWhileNothingHasReachedTheClient() throws Exception {
    try (Sims s = Sims.start(2)) {
      Gateway g = s.gateway(s.providers() + "models:\n"
          + model("m", "weighted_round_robin", "sim-a*100", "sim-b"));
      s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 503, 0, 0, false, -1));
      HttpResponse<String> r = s.post(g, "/v1/chat/completions", "{\"model\":\"m\",\"stream\":"
          + "true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Sims.served(r)).isEqualTo("sim-b/gpt-4o-mini");
      assertThat(r.body()).contains("[DONE]").doesNotContain("\"error\"");
    }
  }

  @Test
  void aLoneFailingDeploymentIsRetriedWithBackoffUpToMaxAttempts() throws Exception {
    try (Sims s = Sims.start(1)) {
      Gateway g = s.gateway("routing: {max_attempts: 3, backoff_initial: 10ms}\n"
          + s.providers() + "models:\n" + model("m", "round_robin", "sim-a"));
      s.sim('a').behavior(new MockBehavior(0, 0, 0, 16, 500, 0, 1, false, -1));
      HttpResponse<String> r = s.chat(g, "m");
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(Sims.attempts(r)).isEqualTo(3);
      assertThat(s.sim('a').requests()).filteredOn(q -> q.path().contains("chat")).hasSize(3);
    }
  }
}
