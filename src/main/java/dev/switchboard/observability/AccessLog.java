package dev.switchboard.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per finished request (logger {@code switchboard.access}) and a warning for
 * requests slower than the configured threshold. The line is built by hand, without a JSON library
 * or a map, because it is written for every request; the appender behind it is asynchronous.
 *
 * <p>Threading: thread-safe (stateless apart from settings).
 */
public final class AccessLog {
  static final String LOGGER = "switchboard.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Logger SLOW = LoggerFactory.getLogger("switchboard.slow");

  private final boolean enabled;
  private final long slowNanos;

  private static final ThreadLocal<StringBuilder> BUILDER =
      ThreadLocal.withInitial(() -> new StringBuilder(512));

  public AccessLog(boolean enabled, long slowThresholdMs) {
    this.enabled = enabled;
    this.slowNanos = slowThresholdMs * 1_000_000L;
  }

  /**
   * One finished request. Token counts are -1 when unknown; the cost is null when unknown; strings
   * may be null.
   */
  public record Entry(
      String requestId, String method, String path, String model, String provider,
      String deployment, int status, long totalNanos, long upstreamNanos, long promptTokens,
      long completionTokens, boolean stream, int attempts, String errorCode, Double costUsd) {}

  public void log(Entry e) {
    boolean slow = e.totalNanos() >= slowNanos;
    boolean info = enabled && LOG.isInfoEnabled();
    if (!info && !slow) {
      return;
    }
    String line = format(e);
    if (info) {
      LOG.info(line);
    }
    if (slow) {
      SLOW.warn("slow request {} took {} ms: {}", e.requestId(), Millis.format(e.totalNanos()), line);
    }
  }

  /** The JSON line for one entry. */
  static String format(Entry e) {
    // One builder per thread, reused: the line is built on every request of an event loop.
    StringBuilder b = BUILDER.get();
    if (b.capacity() > 16 * 1024) {
      b = new StringBuilder(512); // one huge line must not pin its buffer for good
      BUILDER.set(b);
    }
    b.setLength(0);
    b.append("{\"ts\":\"");
    IsoTime.appendNow(b);
    b.append('"');
    str(b, "request_id", e.requestId());
    str(b, "method", e.method());
    str(b, "path", e.path());
    str(b, "model", e.model());
    str(b, "provider", e.provider());
    str(b, "deployment", e.deployment());
    b.append(",\"status\":").append(e.status());
    Millis.append(b.append(",\"latency_ms\":"), e.totalNanos());
    Millis.append(b.append(",\"upstream_ms\":"), e.upstreamNanos());
    Millis.append(b.append(",\"overhead_ms\":"), e.totalNanos() - e.upstreamNanos());
    if (e.promptTokens() >= 0) {
      b.append(",\"prompt_tokens\":").append(e.promptTokens());
      b.append(",\"completion_tokens\":").append(e.completionTokens());
    }
    if (e.costUsd() != null) {
      UsdAmount.append(b.append(",\"cost_usd\":"), e.costUsd());
    }
    b.append(",\"stream\":").append(e.stream());
    b.append(",\"attempts\":").append(e.attempts());
    str(b, "error", e.errorCode());
    return b.append('}').toString();
  }

  private static void str(StringBuilder b, String key, String value) {
    if (value == null) {
      return;
    }
    b.append(",\"").append(key).append("\":\"");
    if (plain(value)) {
      b.append(value).append('"'); // the common case: one bulk copy, no per-character appends
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** Whether the value needs no JSON escaping. */
  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
