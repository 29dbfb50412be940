package dev.switchboard.mock;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The upstream simulator: an HTTP server that speaks OpenAI's REST wire format (chat completions
 * JSON and SSE, legacy completions, embeddings, image generation, models, plus Azure OpenAI's
 * deployment paths), scripted per request by {@code x-mock-*} headers or globally through
 * {@link #behavior(MockBehavior)} / {@code PUT /mock/behavior}. Used as the fake upstream by the
 * gateway's tests and benchmarks.
 *
 * <p>Thread-safe: the accessors may be called from any thread while requests are being served on
 * the server's event loops; a behaviour change applies to requests that arrive afterwards.
 */
public final class MockServer {

  private static final int MAX_BIND_ATTEMPTS = 5;

  private final Vertx vertx;
  private final MockState state;
  private final List<String> deployments;

  private MockServer(Vertx vertx, MockState state, List<String> deployments) {
    this.vertx = vertx;
    this.state = state;
    this.deployments = deployments;
  }

  /**
   * Binds and starts serving; the future completes once every instance listens.
   *
   * <p>Vert.x balances connections over server instances only when they listen on the same
   * concrete port (instances on port 0 would each get a port of their own), so a requested port 0
   * is first resolved to a free port; in the unlikely event another process grabs it before the
   * bind, the start is retried with a fresh one.
   */
  public static Future<MockServer> start(Vertx vertx, MockOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    int instances = options.eventLoops() > 0
        ? options.eventLoops()
        : Runtime.getRuntime().availableProcessors();
    return start(vertx, options, instances, 1);
  }

  private static Future<MockServer> start(
      Vertx vertx, MockOptions options, int instances, int attempt) {
    MockState state = new MockState(options);
    int port;
    try {
      port = options.port() != 0 ? options.port() : freePort(options.host());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    Future<MockServer> started = vertx
        .deployVerticle(() -> new MockVerticle(state, port),
            new DeploymentOptions().setInstances(instances))
        .map(id -> new MockServer(vertx, state, List.of(id)));
    if (options.port() != 0 || attempt >= MAX_BIND_ATTEMPTS) {
      return started;
    }
    return started.recover(e -> e instanceof BindException
            || String.valueOf(e.getMessage()).contains("Address already in use")
        ? start(vertx, options, instances, attempt + 1)
        : Future.failedFuture(e));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }

  /** The port actually bound (meaningful when the options asked for port 0). */
  public int port() {
    return state.port();
  }

  /** {@code http://<host>:<port>/v1}; a wildcard bind address is reported as loopback. */
  public String baseUrl() {
    String host = state.options.host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0") || host.equals("[::]")) {
      host = "[::1]";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/v1";
  }

  /** The default behaviour applied to requests without overriding headers. */
  public MockBehavior behavior() {
    return state.behavior.get();
  }

  /** Replaces the default behaviour, exactly as {@code PUT /mock/behavior} with every field. */
  public void behavior(MockBehavior behavior) {
    state.behavior.set(Objects.requireNonNull(behavior, "behavior"));
  }

  /** The last (up to 200) data-path requests, oldest first; empty when recording is off. */
  public List<RecordedRequest> requests() {
    return state.log.snapshot();
  }

  public void clearRequests() {
    state.log.clear();
  }

  /**
   * How many streamed answers lost their client before the last event, i.e. the client (or a
   * gateway in between) hung up mid-stream. Drops injected with {@code drop_after_chunks} are not
   * counted.
   */
  public long abortedStreams() {
    return state.abortedStreams.get();
  }

  /** Stops listening and undeploys every instance; open connections are closed. */
  public Future<Void> close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    return Future.all(undeployed).mapEmpty();
  }
}
