package dev.switchboard.routing;

import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The terminal link of the pipeline: resolves the exchange's model to a route and walks its
 * deployments — ordered by the route's strategy, skipping unhealthy ones and open breakers, then
 * the fallback models — until one answers, within the attempt budget (see {@link DispatchRun}).
 *
 * <p>Threading: one per event loop, like its UpstreamClient.
 */
public final class Dispatcher implements Chain {
  private final Vertx vertx;
  private final Router router;
  private final UpstreamClient client;
  private final RoutingServices services;

  public Dispatcher(Vertx vertx, Router router, UpstreamClient client, RoutingServices services) {
    this.vertx = vertx;
    this.router = router;
    this.client = client;
    this.services = services;
  }

  @Override
  public Future<Reply> proceed(Exchange ex) {
    Route route = router.resolve(ex.model());
    return new DispatchRun(vertx, router, client, services, ex, route).start();
  }
}
