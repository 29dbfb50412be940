package dev.switchboard.mock;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/**
 * One HTTP server instance of the simulator; {@link MockServer} deploys one per event loop and
 * Vert.x spreads connections over them because they listen on the same host and port.
 *
 * <p>Each instance and its {@link MockRouter} live on a single event loop; shared state goes
 * through {@link MockState}.
 */
final class MockVerticle extends VerticleBase {

  private final MockState state;
  private final int port;

  MockVerticle(MockState state, int port) {
    this.state = state;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHandle100ContinueAutomatically(true)
        .setCompressionSupported(false)
        .setTcpNoDelay(true);
    return vertx.createHttpServer(options)
        .requestHandler(new MockRouter(vertx, state))
        .listen(port, state.options.host())
        .onSuccess(server -> state.port(server.actualPort()));
  }
}
