package dev.switchboard.routing;

import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.UpstreamClient;
import io.vertx.core.Future;

/**
 * The terminal link of the pipeline: resolves the exchange's model to a route and sends it to the
 * route's deployment through the {@link UpstreamClient}. (Load balancing, fallback and retries wrap
 * this walk in the routing issue.)
 *
 * <p>Threading: one per event loop, like its UpstreamClient.
 */
public final class Dispatcher implements Chain {
  private final Router router;
  private final UpstreamClient client;

  public Dispatcher(Router router, UpstreamClient client) {
    this.router = router;
    this.client = client;
  }

  @Override
  public Future<Reply> proceed(Exchange ex) {
    Route route = router.resolve(ex.model());
    Deployment d = route.deployments().get(0);
    ex.servedBy(d.target().provider(), d.id(), d.target().model());
    return client.send(ex, d.adapter(), d.target());
  }
}
