package dev.switchboard.it;

import dev.switchboard.Await;
import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several upstream simulators on random loopback ports (providers {@code sim-a}, {@code sim-b}, …)
 * and any number of gateways in front of them, for routing tests. Not thread-safe: one per test.
 */
final class Sims implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final List<MockServer> mocks = new ArrayList<>();
  final List<Gateway> gateways = new ArrayList<>();
  /** The credential encryption key of every test gateway (32 bytes, base64). */
  static final String ENCRYPTION_KEY = "c3dpdGNoYm9hcmQtdGVzdC1lbmNyeXB0aW9uLWtleSE=";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Starts {@code n} simulators; each may require an API key (null for none). */
  static Sims start(int n, String... requiredKeys) {
    Sims s = new Sims();
    for (int i = 0; i < n; i++) {
      String key = i < requiredKeys.length ? requiredKeys[i] : null;
      MockOptions o = MockOptions.defaults().withHost("127.0.0.1").withPort(0).withEventLoops(1);
      s.mocks.add(Await.await(MockServer.start(s.vertx,
          key == null ? o : o.withRequiredApiKey(key))));
    }
    return s;
  }

  MockServer sim(char name) {
    return mocks.get(name - 'a');
  }

  /** Restarts a closed simulator on its old port. */
  void restart(char name) {
    MockServer old = sim(name);
    mocks.set(name - 'a', Await.await(MockServer.start(vertx, MockOptions.defaults()
        .withHost("127.0.0.1").withPort(old.port()).withEventLoops(1))));
  }

  /** Providers {@code sim-a…} (type openai) as YAML, with extra lines for each provider. */
  String providers(String... extraPerProvider) {
    StringBuilder b = new StringBuilder("providers:\n");
    for (int i = 0; i < mocks.size(); i++) {
      b.append("  sim-").append((char) ('a' + i)).append(":\n")
          .append("    type: openai\n")
          .append("    base_url: ").append(mocks.get(i).baseUrl()).append('\n');
      if (i < extraPerProvider.length && !extraPerProvider[i].isEmpty()) {
        b.append(extraPerProvider[i].indent(4));
      }
    }
    return b.toString();
  }

  /** Starts a gateway on a random port with {@code yaml} plus a loopback server section. */
  Gateway gateway(String yaml) {
    return gateway(yaml, "");
  }

  /** As {@link #gateway(String)}, sharing state through Redis at {@code redisUrl} (or none). */
  Gateway gateway(String yaml, String redisUrl) {
    return gateway(yaml, redisUrl, "");
  }

  /** As {@link #gateway(String, String)}, protected by {@code masterKey} (empty: open). */
  Gateway gateway(String yaml, String redisUrl, String masterKey) {
    return gateway(yaml, redisUrl, masterKey, Harness.tempDb());
  }

  /** As {@link #gateway(String, String, String)}, on the SQLite file {@code sqlitePath}. */
  Gateway gateway(String yaml, String redisUrl, String masterKey, String sqlitePath) {
    return gateway(yaml, redisUrl, masterKey, sqlitePath, "");
  }

  /** As above, keeping its state in PostgreSQL at {@code databaseUrl} when it is not empty. */
  Gateway gateway(String yaml, String redisUrl, String masterKey, String sqlitePath,
      String databaseUrl) {
    String full = """
        server:
          host: 127.0.0.1
          port: 0
          event_loops: 2
          redis_url: "%s"
          master_key: "%s"
        storage:
          sqlite_path: %s
          encryption_key: %s
          database_url: "%s"
        """.formatted(redisUrl, masterKey, sqlitePath, ENCRYPTION_KEY, databaseUrl) + yaml;
    GatewayConfig config = ConfigLoader.fromYaml(full, Map.of(), "test");
    Gateway g = Await.await(Gateway.start(config));
    gateways.add(g);
    return g;
  }

  /** Starts a gateway from a configuration file, as {@code switchboard --config FILE} does. */
  Gateway gatewayFromFile(java.nio.file.Path file) {
    Gateway g = Await.await(Gateway.start(ConfigLoader.load(file, Map.of())));
    gateways.add(g);
    return g;
  }

  HttpResponse<String> post(Gateway g, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(Gateway g, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path))
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> chat(Gateway g, String model) throws Exception {
    return post(g, "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  static String served(HttpResponse<String> r) {
    return r.headers().firstValue("x-switchboard-deployment").orElse("");
  }

  static int attempts(HttpResponse<String> r) {
    return Integer.parseInt(r.headers().firstValue("x-switchboard-attempts").orElse("0"));
  }

  @Override
  public void close() {
    for (Gateway g : gateways) {
      try {
        Await.await(g.stop(500));
      } catch (RuntimeException e) {
        // already stopped
      }
    }
    for (MockServer m : mocks) {
      try {
        Await.await(m.close());
      } catch (RuntimeException e) {
        // already closed
      }
    }
    Await.await(vertx.close());
  }
}
