package dev.switchboard.resilience.breaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What replicas exchange through Redis, as the JSON stored under a breaker's key and sent on the
 * channel: {@code {"v":1,"replica":..,"name":..,"state":"open","opened_at":..,"retry_at":..,
 * "manual":false}}. The replica id lets a replica ignore its own messages.
 *
 * <p>Threading: an immutable record; the shared mapper is thread-safe.
 */
record BreakerMessage(String replica, BreakerUpdate update) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  String toJson() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("v", VERSION);
    n.put("replica", replica);
    n.put("name", update.name());
    n.put("state", update.state().label());
    n.put("opened_at", update.openedAtMillis());
    n.put("retry_at", update.retryAtMillis());
    n.put("manual", update.manual());
    return n.toString();
  }

  /** The message in {@code json}, or empty when it is not one we understand. */
  static Optional<BreakerMessage> parse(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || n.path("v").asInt() != VERSION || !n.path("name").isTextual()) {
        return Optional.empty();
      }
      return BreakerState.fromLabel(n.path("state").asText())
          .filter(BreakerState::shared)
          .map(s -> new BreakerMessage(n.path("replica").asText(""),
              new BreakerUpdate(n.get("name").asText(), s, n.path("opened_at").asLong(),
                  n.path("retry_at").asLong(), n.path("manual").asBoolean())));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
