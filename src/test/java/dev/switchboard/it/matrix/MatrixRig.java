package dev.switchboard.it.matrix;

import static dev.switchboard.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One gateway in front of one upstream simulator per {@link Upstream}, each behind its own route
 * ({@link Upstream#route()}), started once for the whole matrix. Retries and breakers are off so
 * an injected upstream failure reaches the client exactly once and never leaks into the next
 * test.
 *
 * <p>Not thread-safe: the suite's tests run one after another.
 */
final class MatrixRig implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Map<Upstream, MockServer> sims = new EnumMap<>(Upstream.class);
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Gateway gateway;

  MatrixRig() {
    StringBuilder providers = new StringBuilder("providers:\n");
    StringBuilder models = new StringBuilder("models:\n");
    for (Upstream u : Upstream.values()) {
      MockServer sim = await(MockServer.start(vertx, MockOptions.defaults().withHost("127.0.0.1")
          .withPort(0).withEventLoops(1).withRequiredApiKey(u.apiKey)));
      sims.put(u, sim);
      providers.append("  p-").append(u.route()).append(":\n")
          .append("    type: ").append(u.providerType).append('\n')
          .append("    base_url: http://127.0.0.1:").append(sim.port()).append(u.basePathSuffix)
          .append('\n')
          .append(u.credentialsYaml().indent(4));
      models.append("  ").append(u.route()).append(": {provider: p-").append(u.route())
          .append(", model: ").append(u.upstreamModel).append("}\n");
    }
    String yaml = """
        server: {host: 127.0.0.1, port: 0, event_loops: 1}
        storage: {sqlite_path: %s}
        routing:
          max_attempts: 1
          retry_after_cap: 0s
          circuit_breaker: {enabled: false}
          health: {probes: false}
        """.formatted(tempDb()) + providers + models;
    gateway = await(Gateway.start(ConfigLoader.fromYaml(yaml, Map.of(), "matrix")));
  }

  String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** Makes the upstream answer every request with {@code status} (200 restores it). */
  void upstreamStatus(Upstream u, int status) {
    sims.get(u).behavior(new MockBehavior(0, 0, 0, 16, status, 0, 2, false, -1));
  }

  int requestCount(Upstream u) {
    return sims.get(u).requests().size();
  }

  void forget() {
    sims.values().forEach(MockServer::clearRequests);
  }

  /**
   * What reached the simulator last, read from its {@code GET /mock/requests} like any external
   * observer would: {@code method}, {@code path}, {@code headers} and the parsed {@code body}.
   */
  JsonNode lastUpstreamRequest(Upstream u) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + sims.get(u).port() + "/mock/requests")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode all = Json.MAPPER.readTree(r.body());
      if (all.isEmpty()) {
        throw new AssertionError(u + " received no request");
      }
      var last = (com.fasterxml.jackson.databind.node.ObjectNode) all.get(all.size() - 1);
      last.set("body", Json.MAPPER.readTree(last.path("body").asText()));
      return last;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw POST to the gateway, for checking error envelopes byte for byte. */
  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .header("x-api-key", "unused").header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String tempDb() {
    try {
      var dir = Files.createTempDirectory("sb-matrix");
      dir.toFile().deleteOnExit();
      return dir.resolve("switchboard.db").toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }


  @Override
  public void close() {
    try {
      await(gateway.stop(500));
    } finally {
      sims.values().forEach(s -> await(s.close()));
      await(vertx.close());
    }
  }
}
