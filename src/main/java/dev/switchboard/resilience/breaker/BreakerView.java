package dev.switchboard.resilience.breaker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A snapshot of one breaker for the admin API.
 *
 * <p>Threading: an immutable record; safe everywhere.
 *
 * @param name the deployment id, e.g. {@code openai/gpt-4o}
 * @param provider the provider name, e.g. {@code openai}
 * @param state the state when the snapshot was taken
 * @param consecutiveFailures failures since the last success (or since it last closed)
 * @param failureRate share of failures (0–1) in the current window: the last
 *     {@code minRequestsForRate} calls while closed, the trial calls while half-open; -1 until the
 *     window has enough calls
 * @param callsInWindow calls recorded in that window
 * @param openedAtMillis epoch ms when it last opened (OPEN, HALF_OPEN, FORCED_OPEN), else 0
 * @param retryAtMillis epoch ms when an OPEN breaker admits trial calls, else 0
 * @param enabled whether the breaker is enabled by configuration
 * @param failureThreshold consecutive failures that open it
 * @param successThreshold successful trial calls that close it
 * @param openTimeoutMillis how long it stays open before trial calls
 * @param failureRateThreshold failure share (0–1] that opens it
 * @param minRequestsForRate the size of the failure-rate window
 */
public record BreakerView(
    String name,
    String provider,
    BreakerState state,
    int consecutiveFailures,
    double failureRate,
    int callsInWindow,
    long openedAtMillis,
    long retryAtMillis,
    boolean enabled,
    int failureThreshold,
    int successThreshold,
    long openTimeoutMillis,
    double failureRateThreshold,
    int minRequestsForRate) {

  /** This snapshot as a JSON object with snake_case fields; the configuration under "config". */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("name", name);
    out.put("provider", provider);
    out.put("state", state.label());
    out.put("consecutive_failures", consecutiveFailures);
    out.put("failure_rate", failureRate);
    out.put("calls_in_window", callsInWindow);
    out.put("opened_at_ms", openedAtMillis);
    out.put("retry_at_ms", retryAtMillis);
    ObjectNode config = out.putObject("config");
    config.put("enabled", enabled);
    config.put("failure_threshold", failureThreshold);
    config.put("success_threshold", successThreshold);
    config.put("open_timeout_ms", openTimeoutMillis);
    config.put("failure_rate_threshold", failureRateThreshold);
    config.put("min_requests_for_rate", minRequestsForRate);
    return out;
  }
}
