package dev.switchboard.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per finished request (logger {@code switchboard.access}) and a warning for
 * requests slower than the configured threshold. Lines go through an asynchronous appender, so the
 * event loop never waits for the console.
 *
 * <p>Threading: thread-safe.
 */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");

  private final boolean enabled;
  private final long slowNanos;

  public AccessLog(boolean enabled, long slowThresholdMs) {
    this.enabled = enabled;
    this.slowNanos = slowThresholdMs * 1_000_000L;
  }

  /** One finished request. Token counts are -1 when unknown. */
  public record Entry(
      String requestId, String method, String path, String model, String provider,
      String deployment, int status, long totalNanos, long upstreamNanos, long promptTokens,
      long completionTokens, boolean stream, int attempts, String errorCode) {}

  public void log(Entry e) {
    boolean slow = e.totalNanos() >= slowNanos;
    if (!(enabled && LOG.isInfoEnabled()) && !slow) {
      return;
    }
    Map<String, Object> f = new LinkedHashMap<>(20);
    f.put("request_id", e.requestId());
    f.put("method", e.method());
    f.put("path", e.path());
    f.put("model", e.model());
    f.put("provider", e.provider());
    f.put("deployment", e.deployment());
    f.put("status", e.status());
    f.put("latency_ms", millis(e.totalNanos()));
    f.put("upstream_ms", millis(e.upstreamNanos()));
    f.put("overhead_ms", millis(e.totalNanos() - e.upstreamNanos()));
    if (e.promptTokens() >= 0) {
      f.put("prompt_tokens", e.promptTokens());
      f.put("completion_tokens", e.completionTokens());
    }
    f.put("stream", e.stream());
    f.put("attempts", e.attempts());
    if (e.errorCode() != null) {
      f.put("error", e.errorCode());
    }
    if (slow) {
      LOG.warn("slow request ({} ms)", millis(e.totalNanos()), StructuredArguments.entries(f));
    } else {
      LOG.info("request", StructuredArguments.entries(f));
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
