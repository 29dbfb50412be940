package dev.switchboard.resilience.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.config.HealthSpec;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import dev.switchboard.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Active probes against the real upstream simulator on a random port. */
class HealthProberTest {

  private static final String KEY = "sk-probe";
  private static final HealthSpec SPEC =
      new HealthSpec(true, Duration.ofSeconds(30), Duration.ofSeconds(2));

  static Vertx vertx;
  static MockServer server;

  private final ProviderHealth health = new ProviderHealth();

  @BeforeAll
  static void startSimulator() {
    vertx = Vertx.vertx();
    server = join(MockServer.start(vertx, MockOptions.defaults().withPort(0).withEventLoops(1)
        .withRequiredApiKey(KEY)));
  }

  @AfterAll
  static void stopSimulator() {
    join(server.close());
    join(vertx.close());
  }

  @BeforeEach
  void resetSimulator() {
    server.behavior(MockBehavior.defaults());
    server.clearRequests();
  }

  static <T> T join(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ProviderSpec openai(String name, String baseUrl, String key) {
    return new ProviderSpec(name, "openai", baseUrl, key, "", Map.of("x-team", "core"));
  }

  private HealthProber prober(HealthSpec spec, ProviderSpec... providers) {
    return new HealthProber(vertx, spec, List.of(providers), health);
  }

  private static MockBehavior status(int status) {
    MockBehavior d = MockBehavior.defaults();
    return new MockBehavior(d.latencyMs(), d.ttftMs(), d.chunkIntervalMs(), d.tokens(), status,
        d.failRate(), d.retryAfterSeconds(), d.hang(), d.dropAfterChunks());
  }

  @Test
  void aSuccessfulProbeListsTheModelsWithTheFirstKey() {
    HealthProber prober = prober(SPEC, openai("mock", server.baseUrl(), KEY));

    join(prober.probeOnce());

    ProviderHealthView view = health.view().get(0);
    assertThat(view.provider()).isEqualTo("mock");
    assertThat(view.probes()).isEqualTo(1);
    assertThat(view.lastProbeOk()).isTrue();
    assertThat(view.latencyMs()).isPositive().isLessThan(2000);
    assertThat(health.down("mock")).isFalse();
    assertThat(health.healthy("mock/gpt-4o-mini", "mock")).isTrue();
    RecordedRequest sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("GET");
    assertThat(sent.path()).isEqualTo("/v1/models");
    assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.header("x-team")).isEqualTo("core");
    join(prober.stop());
  }

  @Test
  void aProviderWithoutAModelListOrABusyOneIsStillUp() {
    HealthProber prober = prober(SPEC, openai("mock", server.baseUrl(), KEY));
    for (int status : new int[] {404, 429, 404}) {
      server.behavior(status(status));
      join(prober.probeOnce());
    }
    assertThat(health.down("mock")).isFalse();
    assertThat(health.view().get(0).lastProbeOk()).isTrue();
    join(prober.stop());
  }

  @Test
  void threeFailedProbesMakeAProviderDownAndOneSuccessBringsItBack() {
    HealthProber prober = prober(SPEC, openai("mock", server.baseUrl(), KEY));
    server.behavior(status(500));

    for (int i = 0; i < 3; i++) {
      assertThat(health.down("mock")).isFalse();
      join(prober.probeOnce());
    }

    assertThat(health.down("mock")).isTrue();
    assertThat(health.healthy("mock/gpt-4o-mini", "mock")).isFalse();
    assertThat(health.errorRate("mock")).isEqualTo(1.0);
    assertThat(health.view().get(0).lastProbeOk()).isFalse();

    server.behavior(MockBehavior.defaults());
    join(prober.probeOnce());
    assertThat(health.down("mock")).isFalse();
    join(prober.stop());
  }

  @Test
  void aRejectedKeyIsAFailedProbe() {
    HealthProber prober = prober(SPEC, openai("mock", server.baseUrl(), "sk-wrong"));

    join(prober.probeOnce());

    assertThat(health.view().get(0).lastProbeOk()).isFalse();
    join(prober.stop());
  }

  @Test
  void aClosedPortMakesAProviderDown() throws IOException {
    String closed = "http://127.0.0.1:" + freePort() + "/v1";
    HealthProber prober =
        prober(SPEC, openai("gone", closed, KEY), openai("mock", server.baseUrl(), KEY));

    for (int i = 0; i < 3; i++) {
      join(prober.probeOnce());
    }

    assertThat(health.down("gone")).isTrue();
    assertThat(health.down("mock")).isFalse();
    join(prober.stop());
  }

  @Test
  void aProviderThatHangsFailsAtTheTimeout() {
    HealthSpec quick = new HealthSpec(true, Duration.ofSeconds(30), Duration.ofMillis(200));
    HealthProber prober = prober(quick, openai("mock", server.baseUrl(), KEY));
    MockBehavior d = MockBehavior.defaults();
    server.behavior(new MockBehavior(0, 0, 0, d.tokens(), 200, 0, 1, true, -1));

    long start = System.nanoTime();
    join(prober.probeOnce());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5000L);
    assertThat(health.view().get(0).lastProbeOk()).isFalse();
    assertThat(health.latencyMs("mock")).isNaN(); // failures do not count as latency
    join(prober.stop());
  }

  @Test
  void azureProbesTheModelsListWithApiVersionAndApiKey() {
    AtomicReference<String> uri = new AtomicReference<>();
    AtomicReference<MultiMap> headers = new AtomicReference<>();
    HttpServer azure = join(vertx.createHttpServer().requestHandler(req -> {
      uri.set(req.uri());
      headers.set(req.headers());
      req.response().putHeader("content-type", "application/json").end("{\"data\":[]}");
    }).listen(0, "127.0.0.1"));
    ProviderSpec spec = new ProviderSpec("az", "azure", "http://127.0.0.1:" + azure.actualPort(),
        "", "2024-10-21", Map.of(), List.of("az-key-1", "az-key-2"), null);
    HealthProber prober = prober(SPEC, spec);

    join(prober.probeOnce());

    assertThat(uri.get()).isEqualTo("/openai/models?api-version=2024-10-21");
    assertThat(headers.get().get("api-key")).isEqualTo("az-key-1");
    assertThat(headers.get().get("authorization")).isNull();
    assertThat(health.view().get(0).lastProbeOk()).isTrue();
    join(prober.stop());
    join(azure.close());
  }

  @Test
  void startProbesPeriodicallyUntilStopped() {
    HealthSpec often = new HealthSpec(true, Duration.ofMillis(50), Duration.ofSeconds(2));
    HealthProber prober = prober(often, openai("mock", server.baseUrl(), KEY));

    prober.start();
    prober.start(); // idempotent

    await().atMost(Duration.ofSeconds(5))
        .until(() -> health.view().get(0).probes() >= 3);
    join(prober.stop());
    long probes = health.view().get(0).probes();
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        // A probe under way when stop() was called may still land; no further ones start.
        .until(() -> health.view().get(0).probes() <= probes + 1);
  }

  @Test
  void switchedOffProbesNeverRun() {
    HealthSpec off = new HealthSpec(false, Duration.ofMillis(10), Duration.ofSeconds(2));
    HealthProber prober = prober(off, openai("mock", server.baseUrl(), KEY));

    prober.start();

    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> server.requests().isEmpty());
    assertThat(health.view().get(0).probes()).isZero(); // registered, yet never probed
    join(prober.stop());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
