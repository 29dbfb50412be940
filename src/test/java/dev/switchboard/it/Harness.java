package dev.switchboard.it;

import static dev.switchboard.Await.await;

import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the upstream simulator and a gateway in front of it, both on random loopback ports, for
 * integration tests. Not thread-safe: one per test class.
 */
final class Harness implements AutoCloseable {
  final Vertx vertx;
  final MockServer mock;
  final Gateway gateway;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Harness(Vertx vertx, MockServer mock, Gateway gateway) {
    this.vertx = vertx;
    this.mock = mock;
    this.gateway = gateway;
  }

  /** A gateway whose {@code server:} section is {@code serverYaml} (may be empty). */
  static Harness start(String serverYaml) {
    return start(serverYaml, "");
  }

  /** As {@link #start(String)}, plus top-level YAML sections (e.g. {@code upstream:}). */
  static Harness start(String serverYaml, String extraYaml) {
    Vertx v = Vertx.vertx();
    MockServer mock = await(MockServer.start(v, MockOptions.defaults().withHost("127.0.0.1")
        .withPort(0).withEventLoops(1)));
    String yaml = """
        server:
          host: 127.0.0.1
          port: 0
          event_loops: 2
        %s
        %s
        storage:
          sqlite_path: %s
        routing:
          # Probes would add GET /v1/models to the simulator's record that tests inspect; a
          # Retry-After longer than 1 s is passed to the client instead of waited for.
          health: {probes: false}
          retry_after_cap: 1s
        providers:
          sim:
            type: openai
            base_url: %s
            api_key: sk-upstream
          azure-sim:
            type: azure
            base_url: http://127.0.0.1:%d
            api_key: azure-key
        models:
          gpt-4o-mini:
            deployments:
              - provider: sim
                model: gpt-4o-mini
          fast:
            deployments:
              - provider: sim
                model: llama-3.1-8b-instant
          text-embedding-3-small:
            deployments:
              - provider: sim
          dall-e-3:
            deployments:
              - provider: sim
          azure-gpt:
            deployments:
              - provider: azure-sim
                model: my-deployment
        """.formatted(serverYaml.indent(2), extraYaml, tempDb(), mock.baseUrl(), mock.port());
    GatewayConfig config = ConfigLoader.fromYaml(yaml, Map.of(), "test");
    Gateway gw = await(Gateway.start(config));
    return new Harness(v, mock, gw);
  }

  /** A fresh SQLite file for a gateway whose master key turns governance on. */
  static String tempDb() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sb-it");
      dir.toFile().deleteOnExit();
      return dir.resolve("switchboard.db").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/v1";
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length == 0) {
      b.header("Content-Type", "application/json");
    } else {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + path)).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }


  @Override
  public void close() {
    // Each step runs even if an earlier one fails (a test may have stopped a part already).
    quietly(() -> await(gateway.stop(1000)));
    quietly(() -> await(mock.close()));
    quietly(() -> await(vertx.close()));
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // already closed
    }
  }
}
