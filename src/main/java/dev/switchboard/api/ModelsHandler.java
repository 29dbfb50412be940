package dev.switchboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.routing.Route;
import dev.switchboard.routing.Router;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Answers {@code GET /v1/models} (the configured models and their aliases, as OpenAI's model
 * list) and
 * {@code GET /v1/models/{id}} (also for {@code provider/model} names). The list is rendered once
 * per set of routes, so a reload shows at once.
 *
 * <p>Threading: one per event loop (its rendered list is that loop's own).
 */
final class ModelsHandler {
  private final Router router;
  private final long created;
  private Map<String, Route> renderedFrom;
  private Buffer list;

  ModelsHandler(Router router, long createdEpochSeconds) {
    this.router = router;
    this.created = createdEpochSeconds;
  }

  /** The list, rendered again only when the router's routes changed (reload, admin API). */
  Buffer list() {
    Map<String, Route> routes = router.configuredRoutes();
    if (routes != renderedFrom) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("object", "list");
      ArrayNode data = root.putArray("data");
      for (Map.Entry<String, Route> e : routes.entrySet()) {
        data.add(model(e.getKey(), e.getValue()));
      }
      for (Map.Entry<String, String> alias : router.aliases().entrySet()) {
        Route target = routes.get(alias.getValue());
        if (target != null) {
          data.add(model(alias.getKey(), target));
        }
      }
      list = Json.buffer(root);
      renderedFrom = routes;
    }
    return list;
  }

  /** The list restricted to {@code allowed} models (empty: all of them). */
  Buffer list(java.util.Set<String> allowed) {
    if (allowed.isEmpty()) {
      return list();
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    Map<String, Route> routes = router.configuredRoutes();
    for (String name : allowed) {
      Route r = routes.get(name);
      if (r == null && router.aliases().containsKey(name)) {
        r = routes.get(router.aliases().get(name));
      }
      if (r != null) {
        data.add(model(name, r));
      }
    }
    return Json.buffer(root);
  }

  Buffer one(String id) {
    Route r = router.find(id).orElseThrow(() -> GatewayException.builder(
        ErrorKind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist on this gateway. "
            + "GET /v1/models lists the configured models.").param("model").build());
    return Json.buffer(model(id, r));
  }

  private ObjectNode model(String id, Route r) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("id", id);
    m.put("object", "model");
    m.put("created", created);
    m.put("owned_by", r.deployments().get(0).target().provider());
    return m;
  }

}
