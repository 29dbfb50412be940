package dev.switchboard;

import dev.switchboard.api.HttpEdge;
import dev.switchboard.pipeline.Pipeline;
import dev.switchboard.provider.Deadlines;
import dev.switchboard.provider.UpstreamClient;
import dev.switchboard.routing.Dispatcher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the gateway: its own HTTP server (sharing the port with the other
 * instances), upstream client and pipeline, so a request never leaves the loop that accepted it.
 *
 * <p>Threading: all its objects live on its own event loop.
 */
final class GatewayVerticle extends VerticleBase {
  private final GatewayParts parts;
  private final int port;
  private HttpServer server;
  private UpstreamClient client;

  GatewayVerticle(GatewayParts parts, int port) {
    this.parts = parts;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    // Timeouts of this event loop's requests share one coarse periodic check.
    Deadlines deadlines = new Deadlines(vertx, 50);
    client = new UpstreamClient(vertx, parts.upstreamSettings(), deadlines);
    Pipeline pipeline = new Pipeline(parts.stages(), new Dispatcher(vertx, parts.router(), client,
        parts.routing()));
    HttpEdge edge = new HttpEdge(deadlines, parts.edgeSettings(), pipeline, parts.router(),
        parts.authenticator(), parts.adminAuthenticator(), parts.metrics(), parts.accessLog(),
        parts.startedEpochSeconds(), parts.ops(), parts.usageSink());
    var server = parts.config().server();
    HttpServerOptions options = new HttpServerOptions()
        .setTcpNoDelay(true)
        // A second beyond the body deadline (the same setting): a body that stops arriving gets
        // its 408 before the idle connection is closed, never a bare close.
        .setIdleTimeout((int) server.clientIdleTimeout().toMillis() + 1000)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxHeaderSize(64 * 1024)
        .setHandle100ContinueAutomatically(true);
    this.server = vertx.createHttpServer(options).requestHandler(edge);
    return this.server.listen(port, server.host());
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Stops accepting; in-flight requests (streams included) may finish within the grace period. */
  Future<Void> shutdown(long graceMs) {
    return server.shutdown(graceMs, TimeUnit.MILLISECONDS)
        .eventually(() -> client.close());
  }
}
