package dev.switchboard.cli;

import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code switchboard warmup}: a training run for the JVM's class-data archive. It starts a gateway
 * on the built-in simulator on a random loopback port, sends it the usual kinds of requests (JSON,
 * stream, models, an error, metrics), and stops. The {@code switchboard} launcher script runs it
 * once per build so that later starts load classes from the archive.
 *
 * <p>Threading: runs on the main thread and waits for each step.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
    description = "Training run for the class-data archive (used by the launcher script).")
public final class WarmupCommand implements Callable<Integer> {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]";

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg = ConfigLoader.load(null, Map.of("SWITCHBOARD_HOST", "127.0.0.1",
        "SWITCHBOARD_PORT", "0"));
    ConfigLoader.fromYaml("server:\n  port: 0\n", Map.of(), "warmup");
    Gateway gateway = await(Gateway.start(cfg));
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient();
    try {
      int port = gateway.port();
      for (int i = 0; i < 20; i++) {
        await(call(client, port, HttpMethod.POST, "/v1/chat/completions", CHAT + "}"));
        await(call(client, port, HttpMethod.POST, "/v1/chat/completions",
            CHAT + ",\"stream\":true}"));
      }
      await(call(client, port, HttpMethod.POST, "/v1/embeddings",
          "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}"));
      await(call(client, port, HttpMethod.GET, "/v1/models", null));
      await(call(client, port, HttpMethod.POST, "/v1/chat/completions", "{not json"));
      await(call(client, port, HttpMethod.GET, "/metrics", null));
      await(call(client, port, HttpMethod.GET, "/health", null));
    } finally {
      await(client.close());
      await(vertx.close());
      await(gateway.stop(1000));
    }
    return 0;
  }

  private static Future<Buffer> call(HttpClient client, int port, HttpMethod method, String path,
      String body) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("content-type", "application/json");
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(HttpClientResponse::body);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
