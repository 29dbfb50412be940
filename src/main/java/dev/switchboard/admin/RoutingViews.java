package dev.switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelSpec;
import dev.switchboard.config.Pricing;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.provider.Json;
import dev.switchboard.resilience.breaker.DeploymentBreaker;
import dev.switchboard.resilience.health.ProviderHealthView;
import dev.switchboard.routing.Deployment;
import dev.switchboard.routing.Route;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingServices;
import dev.switchboard.routing.balance.DeploymentStatsView;
import dev.switchboard.routing.catalog.CatalogEntry;
import dev.switchboard.routing.catalog.ModelCatalog;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the JSON views of routing state for the operator API: breakers, provider and model
 * health, load-balancer stats, the rich model catalog and the provider list. Every view is built
 * fresh from live state (the caller caches the catalog views).
 *
 * <p>Threading: stateless apart from thread-safe collaborators; callable from any thread.
 */
public final class RoutingViews {
  private volatile GatewayConfig config;
  private final Router router;
  private final RoutingServices services;
  private final ModelCatalog catalog;
  private final long startedMs;
  private final int eventLoops;

  public RoutingViews(GatewayConfig config, Router router, RoutingServices services,
      ModelCatalog catalog, long startedMs, int eventLoops) {
    this.config = config;
    this.router = router;
    this.services = services;
    this.catalog = catalog;
    this.startedMs = startedMs;
    this.eventLoops = eventLoops;
  }

  /** The configuration the views describe. */
  GatewayConfig config() {
    return config;
  }

  /** Describes a reloaded configuration from now on. */
  void update(GatewayConfig fresh) {
    this.config = fresh;
  }

  /** Creates the breaker of every configured deployment, so lists show all of them. */
  void ensureBreakers() {
    for (Route r : router.configuredRoutes().values()) {
      r.deployments().forEach(services::breaker);
    }
  }

  boolean deploymentExists(String id) {
    for (Route r : router.configuredRoutes().values()) {
      for (Deployment d : r.deployments()) {
        if (d.id().equals(id)) {
          return true;
        }
      }
    }
    return services.breakers().find(id).isPresent();
  }

  ObjectNode breakers() {
    ensureBreakers();
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    services.breakers().all().forEach(b -> data.add(b.view().toJson()));
    return root;
  }

  ObjectNode providersHealth() {
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    for (ProviderHealthView v : services.health().view()) {
      data.add(v.toJson());
    }
    return root;
  }

  ObjectNode modelsHealth() {
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    router.configuredRoutes().forEach((name, r) -> data.add(modelHealth(name, r)));
    return root;
  }

  private ObjectNode modelHealth(String name, Route r) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("model", name);
    ArrayNode ds = m.putArray("deployments");
    boolean available = false;
    for (Deployment d : r.deployments()) {
      ObjectNode o = deploymentState(d);
      available |= o.path("available").asBoolean();
      ds.add(o);
    }
    m.put("available", available);
    return m;
  }

  private ObjectNode deploymentState(Deployment d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", d.id());
    o.put("provider", d.provider());
    o.put("model", d.target().model());
    o.put("weight", d.weight());
    boolean healthy = services.health().healthy(d.id(), d.provider());
    DeploymentBreaker b = services.breaker(d);
    String state = b.state().name().toLowerCase();
    o.put("healthy", healthy);
    o.put("breaker", state);
    o.put("available", healthy && !state.contains("open"));
    return o;
  }

  ObjectNode system() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    Runtime rt = Runtime.getRuntime();
    o.put("status", "ok");
    o.put("uptime_seconds", (System.currentTimeMillis() - startedMs) / 1000);
    o.put("java", System.getProperty("java.version"));
    o.put("event_loops", eventLoops);
    o.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
    o.put("heap_max_bytes", rt.maxMemory());
    o.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    o.put("providers", config.providers().size());
    o.put("models", router.configuredRoutes().size());
    o.put("config", config.source());
    return o;
  }

  ObjectNode loadBalancer() {
    Map<String, DeploymentStatsView> stats = new HashMap<>();
    for (DeploymentStatsView v : services.stats().snapshot()) {
      stats.put(v.id(), v);
    }
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    router.configuredRoutes().forEach((name, r) -> {
      ObjectNode m = data.addObject();
      m.put("model", name);
      m.put("strategy", strategyOf(name));
      ArrayNode ds = m.putArray("deployments");
      for (Deployment d : r.deployments()) {
        ObjectNode o = deploymentState(d);
        DeploymentStatsView v = stats.get(d.id());
        if (v != null) {
          o.set("traffic", v.toJson());
        }
        ds.add(o);
      }
    });
    return root;
  }

  ObjectNode dashboard() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.set("system", system());
    o.set("providers", providersHealth().get("data"));
    o.set("models", modelsHealth().get("data"));
    o.set("circuit_breakers", breakers().get("data"));
    o.set("load_balancer", loadBalancer().get("data"));
    return o;
  }

  ObjectNode richModels() {
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    router.configuredRoutes().keySet().forEach(name -> data.add(model(name)));
    root.put("catalog_source", catalog.source());
    root.put("catalog_as_of", catalog.asOf());
    return root;
  }

  ObjectNode model(String name) {
    Route r = router.configuredRoutes().get(name);
    ModelSpec spec = config.models().get(name);
    ObjectNode m = modelHealth(name, r);
    m.put("id", name);
    m.put("object", "model");
    m.put("strategy", strategyOf(name));
    ArrayNode aliases = m.putArray("aliases");
    router.aliases().forEach((alias, target) -> {
      if (target.equals(name)) {
        aliases.add(alias);
      }
    });
    Deployment first = r.deployments().get(0);
    CatalogEntry entry = catalog.find(first.target().model()).orElse(null);
    int window = spec != null && spec.contextWindow() > 0 ? spec.contextWindow()
        : entry != null ? entry.contextWindow() : 0;
    if (window > 0) {
      m.put("context_window", window);
    } else {
      m.putNull("context_window");
    }
    Pricing p = first.pricing();
    if (p == null) {
      m.putNull("pricing");
    } else {
      ObjectNode po = m.putObject("pricing");
      po.put("unit", "USD per 1M tokens");
      po.put("input", p.input());
      po.put("output", p.output());
      po.put("cached_input", p.cachedInput());
      po.put("cache_write_input", p.cacheWriteInput());
      po.put("cache_write_1h_input", p.cacheWriteLongInput());
      po.put("reasoning", p.reasoning());
    }
    ArrayNode fb = m.putArray("fallbacks");
    r.fallbacks().forEach(fb::add);
    return m;
  }

  ObjectNode gateways() {
    Map<String, ProviderHealthView> health = new HashMap<>();
    for (ProviderHealthView v : services.health().view()) {
      health.put(v.provider(), v);
    }
    ObjectNode root = list();
    ArrayNode data = root.withArray("data");
    for (ProviderSpec p : config.providers().values()) {
      ObjectNode o = data.addObject();
      o.put("name", p.name());
      o.put("type", p.type());
      o.put("base_url", p.baseUrl());
      o.put("api_keys", p.apiKeys().size());
      int deployments = 0;
      int open = 0;
      for (Route r : router.configuredRoutes().values()) {
        for (Deployment d : r.deployments()) {
          if (d.provider().equals(p.name())) {
            deployments++;
            open += services.breaker(d).state().name().contains("OPEN") ? 1 : 0;
          }
        }
      }
      o.put("deployments", deployments);
      o.put("open_breakers", open);
      ProviderHealthView v = health.get(p.name());
      o.set("health", v == null ? null : v.toJson());
      o.put("status", open > 0 && open == deployments ? "down" : open > 0 ? "degraded" : "up");
    }
    return root;
  }

  private String strategyOf(String model) {
    ModelSpec spec = config.models().get(model);
    return spec != null && !spec.strategy().isEmpty() ? spec.strategy()
        : config.routing().strategy();
  }

  private static ObjectNode list() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("object", "list");
    root.putArray("data");
    return root;
  }
}
