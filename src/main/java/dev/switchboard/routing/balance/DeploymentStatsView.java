package dev.switchboard.routing.balance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One deployment's live stats at the moment of a {@link DeploymentStats#snapshot()}. Immutable.
 *
 * @param id the deployment id ({@code provider/model})
 * @param requests finished requests since start-up
 * @param failures finished requests that failed
 * @param share this deployment's part of all finished requests (0..1)
 * @param latencyEwmaMs moving average of latency in milliseconds; NaN before the first sample
 * @param inFlight requests started and not yet finished
 */
public record DeploymentStatsView(
    String id, long requests, long failures, double share, double latencyEwmaMs, int inFlight) {

  /**
   * {@code {"id", "requests", "failures", "share", "latency_ewma_ms", "in_flight"}}; the latency
   * is null before the first sample (JSON has no NaN).
   */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", id);
    node.put("requests", requests);
    node.put("failures", failures);
    node.put("share", share);
    if (Double.isNaN(latencyEwmaMs)) {
      node.putNull("latency_ewma_ms");
    } else {
      node.put("latency_ewma_ms", latencyEwmaMs);
    }
    node.put("in_flight", inFlight);
    return node;
  }
}
