package dev.switchboard.resilience.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One provider's health at the moment of {@link ProviderHealth#view()}. Immutable.
 *
 * @param provider the provider's configured name
 * @param availability share of successful requests and probes in the window (1.0 without data)
 * @param errorRate share of failed requests and probes in the window (0.0 without data)
 * @param latencyMs mean latency of successful calls in the window; NaN without any
 * @param score the health score, 0..1 (see {@link ProviderHealth#score(String)})
 * @param down whether the last probes all failed (see {@link ProviderHealth#down(String)})
 * @param lastProbeAt when the last probe finished; null before the first
 * @param lastProbeOk whether the last probe succeeded; null before the first
 * @param probes probes in the window
 * @param requests requests in the window
 */
public record ProviderHealthView(String provider, double availability, double errorRate,
    double latencyMs, double score, boolean down, Instant lastProbeAt, Boolean lastProbeOk,
    long probes, long requests) {

  /**
   * {@code {"provider", "availability", "error_rate", "latency_ms", "score", "down",
   * "last_probe_at", "last_probe_ok", "probes", "requests"}}: missing values are null, the time is
   * ISO-8601.
   */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("provider", provider);
    node.put("availability", availability);
    node.put("error_rate", errorRate);
    if (Double.isNaN(latencyMs)) {
      node.putNull("latency_ms");
    } else {
      node.put("latency_ms", latencyMs);
    }
    node.put("score", score);
    node.put("down", down);
    node.put("last_probe_at", lastProbeAt == null ? null : lastProbeAt.toString());
    node.put("last_probe_ok", lastProbeOk);
    node.put("probes", probes);
    node.put("requests", requests);
    return node;
  }
}
