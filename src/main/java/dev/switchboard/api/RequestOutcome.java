package dev.switchboard.api;

import dev.switchboard.observability.AccessLog;
import dev.switchboard.observability.GatewayMetrics;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.routing.CostRecorder;

/**
 * Records how one request ended — exactly once — into the metrics and the access log.
 *
 * <p>Threading: confined to the request's event loop.
 */
final class RequestOutcome {
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final UsageSink usageSink;
  private final String route;
  private final String method;
  private final String path;
  private final String requestId;
  private final long startNanos;
  private boolean done;

  RequestOutcome(GatewayMetrics metrics, AccessLog accessLog, UsageSink usageSink, String route,
      String method, String path, String requestId, long startNanos) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.usageSink = usageSink;
    this.route = route;
    this.method = method;
    this.path = path;
    this.requestId = requestId;
    this.startNanos = startNanos;
  }

  /** Records the end of a request; later calls are ignored. {@code ex} may be null. */
  void finish(Exchange ex, int status, Usage usage, String errorCode) {
    if (done) {
      return;
    }
    done = true;
    long total = System.nanoTime() - startNanos;
    metrics.recordRequest(route, status, total);
    Usage u = usage == null ? Usage.UNKNOWN : usage;
    if (ex != null && ex.provider() != null) {
      metrics.recordUpstream(ex.provider(), ex.model(), errorCode == null ? "ok" : errorCode,
          ex.upstreamNanos());
      metrics.recordTokens(ex.provider(), ex.model(), u);
      metrics.recordOverhead(total - ex.upstreamNanos());
    }
    if (ex != null) {
      usageSink.record(ex, status, u, errorCode, total);
    }
    accessLog.log(new AccessLog.Entry(requestId, method, path,
        ex == null ? null : ex.model(), ex == null ? null : ex.provider(),
        ex == null ? null : ex.deployment(), status, total, ex == null ? 0 : ex.upstreamNanos(),
        u.reported() ? u.promptTokens() : -1, u.reported() ? u.completionTokens() : -1,
        ex != null && ex.stream(), ex == null ? 0 : ex.attempts(), errorCode,
        ex == null ? null : ex.attribute(CostRecorder.COST_USD)));
  }
}
