package dev.switchboard.cli;

import dev.switchboard.mock.MockBehavior;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard mock}: runs the upstream simulator (an OpenAI-compatible fake upstream) until
 * the process is stopped.
 *
 * <p>Threading: {@link #call()} runs on the main thread, which parks until a shutdown hook has
 * closed Vert.x; the server itself runs on Vert.x event loops.
 */
@Command(name = "mock", mixinStandardHelpOptions = true,
    description = {
        "Run the upstream simulator: a fast fake OpenAI API for tests and benchmarks.",
        "Per request, x-mock-* headers override the behaviour; PUT /mock/behavior changes the"
            + " default; GET /mock/requests shows what was received."})
public final class MockCommand implements Callable<Integer> {

  private static final MockBehavior D = MockBehavior.defaults();

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "4001", description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--event-loops", defaultValue = "0", description = "Server instances; 0 = one per CPU core (default: ${DEFAULT-VALUE}).")
  int eventLoops;

  @Option(names = "--api-key", description = "Require this API key (Authorization: Bearer, or api-key on Azure paths); default: accept any.")
  String apiKey;

  @Option(names = "--latency-ms", description = "Delay before a JSON answer or a stream's headers.")
  long latencyMs = D.latencyMs();

  @Option(names = "--ttft-ms", description = "Delay before a stream's first chunk.")
  long ttftMs = D.ttftMs();

  @Option(names = "--chunk-interval-ms", description = "Delay between stream chunks.")
  long chunkIntervalMs = D.chunkIntervalMs();

  @Option(names = "--tokens", description = "Completion tokens (words) per answer (default: 16).")
  int tokens = D.tokens();

  @Option(names = "--status", description = "HTTP status to answer with; not 200 = OpenAI error body.")
  int status = D.status();

  @Option(names = "--fail-rate", description = "Fraction (0..1) of requests answered with 500.")
  double failRate = D.failRate();

  @Option(names = "--retry-after", description = "Retry-After seconds on 429/503 (default: 1).")
  long retryAfter = D.retryAfterSeconds();

  @Option(names = "--hang", description = "Never answer.")
  boolean hang = D.hang();

  @Option(names = "--drop-after", description = "Close the connection after N stream chunks; -1 = never.")
  int dropAfter = D.dropAfterChunks();

  @Option(names = "--no-record", description = "Do not keep requests for GET /mock/requests (benchmarks).")
  boolean noRecord;

  /** Picocli instantiates the command reflectively. */
  public MockCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    MockOptions options;
    try {
      MockBehavior behavior = new MockBehavior(latencyMs, ttftMs, chunkIntervalMs, tokens, status,
          failRate, retryAfter, hang, dropAfter);
      options = new MockOptions(host, port, eventLoops, apiKey, behavior, !noRecord);
    } catch (IllegalArgumentException e) {
      System.err.println("switchboard mock: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    MockServer server;
    try {
      server = MockServer.start(vertx, options).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("switchboard mock: could not start: " + cause.getMessage());
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // The JVM is going down either way; a slow close must not hold it hostage.
      } finally {
        stopped.countDown();
      }
    }, "switchboard-mock-shutdown"));
    System.out.println("Switchboard upstream simulator listening on " + server.baseUrl());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
