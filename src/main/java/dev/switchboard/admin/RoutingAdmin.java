package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.resilience.breaker.DeploymentBreaker;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingServices;
import dev.switchboard.routing.catalog.CatalogCache;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing and resilience operator API: circuit breakers ({@code /circuit-breakers…}), health
 * views ({@code /health/providers|models|system}), the rich catalog ({@code /models},
 * {@code /gateways}, cached), and admin actions ({@code /admin/dashboard},
 * {@code /admin/load-balancer}, adding a deployment, marking one (un)healthy). Run-time changes
 * invalidate the cached catalog views.
 *
 * <p>Threading: stateless apart from thread-safe collaborators; shared by every event loop.
 */
public final class RoutingAdmin implements OpsEndpoints {
  private static final String BREAKERS = "/circuit-breakers";
  private static final String RELOAD = "/admin/config/reload";

  private final Router router;
  private final RoutingServices services;
  private final RoutingViews views;
  private final CatalogCache cache;
  private final ConfigSource source;

  public RoutingAdmin(Router router, RoutingServices services, RoutingViews views,
      CatalogCache cache, ConfigSource source) {
    this.router = router;
    this.services = services;
    this.views = views;
    this.cache = cache;
    this.source = source;
  }

  @Override
  public boolean owns(String path) {
    return path.startsWith(BREAKERS) || path.startsWith("/health/") || path.equals("/models")
        || path.equals("/gateways") || path.startsWith("/admin/dashboard")
        || path.startsWith("/admin/load-balancer") || path.startsWith("/admin/models/")
        || path.startsWith("/admin/deployments/") || path.equals(RELOAD);
  }

  @Override
  public Future<Buffer> answer(HttpServerRequest req) {
    try {
      String path = req.path();
      if (path.startsWith(BREAKERS)) {
        return Future.succeededFuture(breakers(req.method(), path));
      }
      if (path.startsWith("/admin/models/") && path.endsWith("/deployments")) {
        require(req.method(), HttpMethod.POST);
        String model = decode(path.substring(14, path.length() - 12));
        return req.body().map(body -> addDeployment(model, body));
      }
      if (path.equals(RELOAD)) {
        require(req.method(), HttpMethod.POST);
        return Vertx.currentContext().executeBlocking(source::reload)
            .recover(t -> Future.failedFuture(t instanceof ConfigException ce
                ? GatewayException.invalid(null, "The configuration has errors; nothing was"
                    + " changed: " + String.join("; ", ce.errors())) : t))
            .map(this::apply);
      }
      if (path.startsWith("/admin/deployments/")) {
        require(req.method(), HttpMethod.POST);
        return Future.succeededFuture(markDeployment(path.substring(19)));
      }
      require(req.method(), HttpMethod.GET);
      return Future.succeededFuture(read(path));
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Makes a reloaded configuration current: its models, aliases, fallbacks and prices. Changes to
   * providers, routing or upstream settings need a restart (the dispatchers and pools are built
   * from them) and are refused as a whole, so a half-applied file never runs.
   */
  private Buffer apply(GatewayConfig fresh) {
    GatewayConfig current = views.config();
    List<String> restart = new ArrayList<>();
    if (!fresh.providers().equals(current.providers())) {
      restart.add("providers");
    }
    if (!fresh.routing().equals(current.routing())) {
      restart.add("routing");
    }
    if (!fresh.upstream().equals(current.upstream())) {
      restart.add("upstream");
    }
    if (!restart.isEmpty()) {
      throw GatewayException.invalid(null, "The new configuration changes "
          + String.join(", ", restart) + ", which take effect only on a restart; nothing was"
          + " changed. Reload applies changes under models.");
    }
    synchronized (this) {
      router.reload(fresh);
      views.update(fresh);
      cache.invalidate();
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("reloaded", true);
    out.put("source", fresh.source());
    out.put("models", fresh.models().size());
    return Json.buffer(out);
  }

  private Buffer read(String path) {
    return switch (path) {
      case "/models" -> cache.get("models", () -> Json.buffer(views.richModels()));
      case "/gateways" -> cache.get("gateways", () -> Json.buffer(views.gateways()));
      case "/health/providers" -> Json.buffer(views.providersHealth());
      case "/health/models" -> Json.buffer(views.modelsHealth());
      case "/health/system" -> Json.buffer(views.system());
      case "/admin/dashboard" -> Json.buffer(views.dashboard());
      case "/admin/load-balancer" -> Json.buffer(views.loadBalancer());
      default -> throw notFound(path);
    };
  }

  private Buffer breakers(HttpMethod method, String path) {
    if (path.equals(BREAKERS) || path.equals(BREAKERS + "/")) {
      require(method, HttpMethod.GET);
      return Json.buffer(views.breakers());
    }
    if (path.equals(BREAKERS + "/reset-all")) {
      require(method, HttpMethod.POST);
      views.ensureBreakers();
      services.breakers().resetAll();
      cache.invalidate();
      return Json.buffer(views.breakers());
    }
    String rest = decode(path.substring(BREAKERS.length() + 1));
    if (rest.endsWith("/reset") || rest.endsWith("/force-open")) {
      require(method, HttpMethod.POST);
      boolean reset = rest.endsWith("/reset");
      DeploymentBreaker b = breaker(rest.substring(0, rest.lastIndexOf('/')));
      if (reset) {
        b.reset();
      } else {
        b.forceOpen();
      }
      cache.invalidate();
      return Json.buffer(b.view().toJson());
    }
    require(method, HttpMethod.GET);
    return Json.buffer(breaker(rest).view().toJson());
  }

  private DeploymentBreaker breaker(String name) {
    views.ensureBreakers();
    return services.breakers().find(name).orElseThrow(() -> GatewayException.builder(
        ErrorKind.NOT_FOUND, "No circuit breaker named '" + name + "'. Breakers are named after"
            + " deployments ('provider/model'); GET /circuit-breakers lists them.").build());
  }

  private Buffer addDeployment(String model, Buffer body) {
    JsonNode json = parse(body);
    String provider = json.path("provider").asText("");
    String upstream = json.path("model").asText("");
    if (provider.isEmpty() || upstream.isEmpty()) {
      throw GatewayException.invalid(provider.isEmpty() ? "provider" : "model",
          "Send {\"provider\": \"<configured provider>\", \"model\": \"<upstream model>\","
              + " \"weight\": 1}.");
    }
    router.addDeployment(model, provider, upstream, json.path("weight").asInt(1));
    cache.invalidate();
    return Json.buffer(views.model(model));
  }

  private Buffer markDeployment(String rest) {
    String decoded = decode(rest);
    boolean healthy = decoded.endsWith("/healthy");
    if (!healthy && !decoded.endsWith("/unhealthy")) {
      throw notFound("/admin/deployments/" + rest);
    }
    String id = decoded.substring(0, decoded.lastIndexOf('/'));
    if (!views.deploymentExists(id)) {
      throw GatewayException.builder(ErrorKind.NOT_FOUND, "No deployment '" + id
          + "'. GET /admin/load-balancer lists them.").build();
    }
    if (healthy) {
      services.health().markHealthy(id);
    } else {
      services.health().markUnhealthy(id);
    }
    cache.invalidate();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("deployment", id);
    out.put("marked_unhealthy", !healthy);
    return Json.buffer(out);
  }

  private static JsonNode parse(Buffer body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body.getBytes());
      if (n == null || !n.isObject()) {
        throw GatewayException.invalid(null, "The body must be a JSON object.");
      }
      return n;
    } catch (java.io.IOException e) {
      throw GatewayException.invalid(null, "The body is not valid JSON.");
    }
  }

  private static void require(HttpMethod actual, HttpMethod wanted) {
    if (!actual.equals(wanted)) {
      throw GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED, "Use " + wanted.name()
          + " on this path.");
    }
  }

  private static GatewayException notFound(String path) {
    return GatewayException.of(ErrorKind.NOT_FOUND, "Unknown path '" + path + "'.");
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(null, "The path is not validly encoded.");
    }
  }

}
