package dev.switchboard.api;

import dev.switchboard.pipeline.Exchange;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import dev.switchboard.observability.Millis;

/**
 * Stamps the gateway's own headers on a response just before they are sent: the request id, the
 * total time so far, the gateway's overhead (total minus upstream time) and which deployment served
 * the request.
 *
 * <p>Threading: one per request, on its event loop.
 */
final class EdgeHeaders implements Handler<Void> {
  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  static final CharSequence RESPONSE_TIME = HttpHeaders.createOptimized("X-Response-Time");
  static final CharSequence OVERHEAD = HttpHeaders.createOptimized("X-Switchboard-Overhead-Ms");
  static final CharSequence UPSTREAM_TIME = HttpHeaders.createOptimized("X-Switchboard-Upstream-Ms");
  static final CharSequence PROVIDER = HttpHeaders.createOptimized("X-Switchboard-Provider");
  static final CharSequence DEPLOYMENT = HttpHeaders.createOptimized("X-Switchboard-Deployment");
  static final CharSequence ATTEMPTS = HttpHeaders.createOptimized("X-Switchboard-Attempts");

  private final HttpServerResponse resp;
  private final long startNanos;
  private Exchange exchange;

  EdgeHeaders(HttpServerResponse resp, String requestId, long startNanos) {
    this.resp = resp;
    this.startNanos = startNanos;
    resp.putHeader(REQUEST_ID, requestId);
    resp.headersEndHandler(this);
  }

  void exchange(Exchange ex) {
    this.exchange = ex;
  }

  @Override
  public void handle(Void v) {
    long total = System.nanoTime() - startNanos;
    resp.putHeader(RESPONSE_TIME, Millis.format(total) + "ms");
    Exchange ex = exchange;
    if (ex != null) {
      List<String> extra = ex.responseHeaders();
      for (int i = 0; i + 1 < extra.size(); i += 2) {
        resp.putHeader(extra.get(i), extra.get(i + 1));
      }
    }
    if (ex != null && ex.provider() != null) {
      resp.putHeader(OVERHEAD, Millis.format(total - ex.upstreamNanos()));
      resp.putHeader(UPSTREAM_TIME, Millis.format(ex.upstreamNanos()));
      if (!ex.servedByHidden()) {
        resp.putHeader(PROVIDER, ex.provider());
        resp.putHeader(DEPLOYMENT, ex.deployment());
      }
      resp.putHeader(ATTEMPTS, Integer.toString(ex.attempts()));
    } else {
      resp.putHeader(OVERHEAD, Millis.format(total));
    }
  }
}
