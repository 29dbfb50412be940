package dev.switchboard.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.store.AuditEvent;
import dev.switchboard.store.AuditStore;
import dev.switchboard.store.StoreException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Appends one audit entry per admin mutation: who (the call's actor), what ({@code key.revoke}),
 * which object and tenant, and the object before and after as JSON. The views passed in already
 * hold no secrets; fields that could hold one are masked again here so that a future view cannot
 * leak a key into the log by mistake.
 *
 * <p>Threading: thread-safe; blocking (worker threads only).
 */
final class GovernanceAuditLog {
  static final String MASK = "••••";
  private static final Set<String> SECRET_FIELDS = Set.of("key", "api_key", "key_hash",
      "secret", "password", "token");
  private final AuditStore store;

  GovernanceAuditLog(AuditStore store) {
    this.store = store;
  }

  /**
   * Records a committed change.
   *
   * @throws GatewayException 500 when the entry cannot be written: the change itself stands,
   *     and the message says so
   */
  void record(GovernanceCall call, String action, String targetType, String targetId,
      String tenantId, JsonNode before, JsonNode after) {
    try {
      store.append(new AuditEvent(call.actor(), action, targetType, targetId, tenantId,
          json(before), json(after)));
    } catch (StoreException e) {
      throw GatewayException.builder(ErrorKind.INTERNAL, "The change (" + action + " "
          + targetId + ") was saved, but its audit entry could not be written: "
          + e.getMessage()).cause(e).build();
    }
  }

  private static String json(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(masked(node.deepCopy()));
    } catch (JsonProcessingException e) {
      throw GatewayException.wrap(e);
    }
  }

  /** {@code node} with every secret-named field's value replaced by {@link #MASK}. */
  static JsonNode masked(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (SECRET_FIELDS.contains(e.getKey()) && !e.getValue().isNull()) {
          e.setValue(o.textNode(MASK));
        } else {
          masked(e.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(GovernanceAuditLog::masked);
    }
    return node;
  }
}
