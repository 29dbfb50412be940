package dev.switchboard.routing;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.provider.UpstreamClient;
import dev.switchboard.provider.UpstreamTarget;
import dev.switchboard.resilience.breaker.DeploymentBreaker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request's walk over its deployments. A pass visits the route's deployments in the order its
 * strategy chose, then each fallback model's; a deployment that is marked unhealthy or whose
 * breaker is open is skipped without spending an attempt. A failure of a class in
 * {@code routing.failover_on} moves on to the next deployment at once; a 429 or 401 first rotates
 * the provider's key and retries the same deployment; {@code context_length_exceeded} and content
 * refusals go to the model's dedicated fallback. When a pass ends and attempts remain, the next
 * pass starts after a jittered backoff (or the provider's {@code Retry-After}, up to its cap).
 *
 * <p>Nothing is retried once the answer started: the upstream's response headers end the walk (a
 * stream that fails later ends with an error event, by the edge). Threading: confined to the
 * exchange's event loop.
 */
final class DispatchRun {
  private final Vertx vertx;
  private final Router router;
  private final UpstreamClient client;
  private final RoutingServices services;
  private final Exchange ex;
  private final Route route;
  private final Promise<Reply> promise = Promise.promise();
  private List<Deployment> pass;
  private int next;
  private int passes;
  private int attempts;
  private boolean specialFallbackUsed;
  private GatewayException lastError;
  private long lastRetryAfterMs = -1;
  private final List<String> openBreakers = new ArrayList<>(2);
  private long earliestRetryAtMs;
  private int unhealthySkipped;
  private Deployment retrySame;
  private boolean breakerStops;
  private long timerId = -1;

  DispatchRun(Vertx vertx, Router router, UpstreamClient client, RoutingServices services,
      Exchange ex, Route route) {
    this.vertx = vertx;
    this.router = router;
    this.client = client;
    this.services = services;
    this.ex = ex;
    this.route = route;
  }

  Future<Reply> start() {
    // The common case — one deployment, no fallbacks — needs no ordering and no list.
    pass = route.deployments().size() == 1 && route.fallbacks().isEmpty()
        ? route.deployments() : planPass();
    ex.onCancel(this::cancelTimer);
    step();
    return promise.future();
  }

  private List<Deployment> planPass() {
    List<Deployment> order = new ArrayList<>(route.strategy().order(route.deployments()));
    for (String name : route.fallbacks()) {
      router.find(name).ifPresent(r -> order.addAll(r.strategy().order(r.deployments())));
    }
    return order;
  }

  private void step() {
    if (ex.cancelled()) {
      fail(GatewayException.of(ErrorKind.REQUEST_TIMEOUT,
          "The client closed the connection before the answer was complete."));
      return;
    }
    if (attempts >= services.maxAttempts()) {
      fail(exhausted());
      return;
    }
    Deployment d = retrySame;
    retrySame = null;
    DeploymentBreaker breaker = d == null ? null : admit(d);
    while (breaker == null) {
      if (breakerStops) {
        fail(exhausted());
        return;
      }
      if (next >= pass.size()) {
        endOfPass();
        return;
      }
      d = pass.get(next++);
      breaker = admit(d);
    }
    send(d, breaker);
  }

  /** The deployment's breaker if it may be called now; null when it is to be skipped. */
  private DeploymentBreaker admit(Deployment d) {
    if (!services.health().healthy(d.id(), d.provider())) {
      unhealthySkipped++;
      return null;
    }
    DeploymentBreaker b = services.breaker(d);
    if (!b.tryAcquire()) {
      openBreakers.add(d.id());
      // Without circuit_open in failover_on an open breaker answers the request itself.
      breakerStops = !services.failoverOn().contains(FailureClass.CIRCUIT_OPEN);
      long retryAt = b.view().retryAtMillis();
      if (retryAt > 0 && (earliestRetryAtMs == 0 || retryAt < earliestRetryAtMs)) {
        earliestRetryAtMs = retryAt;
      }
      return null;
    }
    return b;
  }

  private void send(Deployment d, DeploymentBreaker breaker) {
    attempts++;
    Map<String, UpstreamCredential> own = ex.attribute(UpstreamCredential.ON_EXCHANGE);
    UpstreamCredential mine = own == null ? null : own.get(d.provider());
    String key = mine != null ? mine.apiKey() : services.keys().key(d);
    UpstreamTarget target = mine == null ? d.target().withApiKey(key) : byo(d.target(), mine);
    ex.servedBy(d.provider(), d.id(), target.model());
    services.stats().started(d.id());
    long start = System.nanoTime();
    client.send(ex, d.adapter(), target).onComplete(ar -> {
      long nanos = System.nanoTime() - start;
      if (ar.succeeded()) {
        succeeded(d, breaker, ar.result(), nanos);
      } else {
        failed(d, breaker, key, GatewayException.wrap(ar.cause()), nanos);
      }
    });
  }

  /** The deployment's target called with the caller's own key (and endpoint, if given). */
  private static UpstreamTarget byo(UpstreamTarget t, UpstreamCredential c) {
    if (c.baseUrl() == null || c.baseUrl().isBlank()) {
      return t.withApiKey(c.apiKey());
    }
    return UpstreamTarget.of(t.provider(), t.type(), c.baseUrl(), c.apiKey(), t.apiVersion(),
        t.headers(), t.model());
  }

  private void succeeded(Deployment d, DeploymentBreaker breaker, Reply reply, long nanos) {
    breaker.onSuccess(nanos);
    services.health().record(d.provider(), nanos, true);
    if (reply instanceof Reply.Streaming s) {
      // In flight until the stream ends; latency is the time to the first byte.
      s.usage().onComplete(u -> {
        services.stats().finished(d.id(), nanos, u.succeeded());
        if (u.succeeded()) {
          services.costs().record(ex, d, u.result());
        }
      });
    } else {
      services.stats().finished(d.id(), nanos, true);
      services.costs().record(ex, d, ((Reply.Complete) reply).finalUsage());
    }
    promise.tryComplete(reply);
  }

  private void failed(Deployment d, DeploymentBreaker breaker, String key, GatewayException e,
      long nanos) {
    services.stats().finished(d.id(), nanos, false);
    FailureClass fc = FailureClass.of(e);
    if (ex.cancelled()) {
      breaker.release();
      fail(e);
      return;
    }
    if (fc.healthFailure()) {
      breaker.onFailure(nanos);
      services.health().record(d.provider(), nanos, false);
    } else {
      // The provider answered: it is up, whatever it thought of the request.
      breaker.release();
    }
    lastError = e;
    boolean ownKey = ex.attribute(UpstreamCredential.ON_EXCHANGE) != null
        && ex.attribute(UpstreamCredential.ON_EXCHANGE).containsKey(d.provider());
    if ((fc == FailureClass.RATE_LIMIT || fc == FailureClass.UPSTREAM_AUTH) && !ownKey
        && services.keys().rotate(d, key)) {
      retrySame = d;
      step();
      return;
    }
    if (fc == FailureClass.RATE_LIMIT) {
      lastRetryAfterMs = Math.max(lastRetryAfterMs, services.backoff().retryAfterMs(e.retryAfter()));
    }
    if ((fc == FailureClass.CONTEXT_LENGTH || fc == FailureClass.CONTENT_POLICY)
        && switchToSpecialFallback(fc)) {
      step();
      return;
    }
    if (!services.failoverOn().contains(fc)) {
      fail(e);
      return;
    }
    step();
  }

  private boolean switchToSpecialFallback(FailureClass fc) {
    String name = fc == FailureClass.CONTEXT_LENGTH ? route.contextWindowFallback()
        : route.contentPolicyFallback();
    if (specialFallbackUsed || name.isEmpty()) {
      return false;
    }
    Route r = router.find(name).orElse(null);
    if (r == null) {
      return false;
    }
    specialFallbackUsed = true;
    pass = r.strategy().order(r.deployments());
    next = 0;
    return true;
  }

  private void endOfPass() {
    boolean anyCalled = lastError != null;
    if (!anyCalled || attempts >= services.maxAttempts()
        || !FailureClass.of(lastError).healthFailure() && lastRetryAfterMs < 0) {
      fail(exhausted());
      return;
    }
    passes++;
    long wait = lastRetryAfterMs >= 0 ? lastRetryAfterMs : services.backoff().jitteredMs(passes);
    lastRetryAfterMs = -1;
    pass = planPass();
    next = 0;
    openBreakers.clear();
    unhealthySkipped = 0;
    if (wait <= 0) {
      step();
    } else {
      timerId = vertx.setTimer(wait, t -> {
        timerId = -1;
        step();
      });
    }
  }

  private GatewayException exhausted() {
    if (lastError != null && !breakerStops) {
      return lastError;
    }
    if (!openBreakers.isEmpty()) {
      String which = String.join(", ", openBreakers);
      if (earliestRetryAtMs == 0) {
        return GatewayException.of(ErrorKind.CIRCUIT_OPEN, "Every deployment of model '"
            + route.model() + "' has a circuit breaker held open by an operator (" + which
            + "). POST /circuit-breakers/{name}/reset reopens it for traffic.");
      }
      long retryAfterS = Math.max(1, (earliestRetryAtMs - System.currentTimeMillis() + 999) / 1000);
      return GatewayException.builder(ErrorKind.CIRCUIT_OPEN, "Every deployment of model '"
          + route.model() + "' is failing and its circuit breaker is open (" + which
          + "). Trial calls resume in about " + retryAfterS
          + " s; GET /circuit-breakers shows the details.")
          .retryAfter(Long.toString(retryAfterS)).build();
    }
    return GatewayException.of(ErrorKind.UPSTREAM_UNAVAILABLE, "No healthy deployment can serve"
        + " model '" + route.model() + "' (" + unhealthySkipped + " marked unhealthy or failing"
        + " their health probes). GET /health/providers shows why.");
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
      step();
    }
  }

  private void fail(GatewayException e) {
    promise.tryFail(e);
  }
}
