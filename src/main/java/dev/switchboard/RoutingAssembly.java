package dev.switchboard;

import dev.switchboard.admin.RoutingAdmin;
import dev.switchboard.admin.RoutingViews;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.observability.GatewayMetrics;
import dev.switchboard.provider.Adapters;
import dev.switchboard.resilience.breaker.BreakerSync;
import dev.switchboard.resilience.breaker.Breakers;
import dev.switchboard.resilience.breaker.LocalBreakerSync;
import dev.switchboard.resilience.breaker.RedisBreakerSync;
import dev.switchboard.resilience.health.HealthProber;
import dev.switchboard.resilience.health.ProviderHealth;
import dev.switchboard.routing.CostRecorder;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.catalog.CostCalculator;
import dev.switchboard.routing.RoutingServices;
import dev.switchboard.routing.balance.DeploymentStats;
import dev.switchboard.routing.catalog.CatalogCache;
import dev.switchboard.routing.catalog.ModelCatalog;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Wires the routing and resilience parts: catalog, live stats, router, breakers (shared through
 * Redis when {@code server.redis_url} is set), provider health with its background prober, and the
 * operator endpoints over them. Part of the composition root.
 *
 * <p>Threading: build once at start; the parts it returns are thread-safe.
 *
 * @param router model name → route
 * @param services what every event loop's dispatcher consults
 * @param ops the operator endpoints
 * @param prober the background health prober (started)
 * @param breakers the breaker registry (closed on stop)
 */
record RoutingAssembly(Router router, RoutingServices services, OpsEndpoints ops,
    HealthProber prober, Breakers breakers) {


  static RoutingAssembly build(Vertx vertx, GatewayConfig config, Adapters adapters,
      GatewayMetrics metrics, int loops) {
    ModelCatalog catalog = ModelCatalog.shipped();
    DeploymentStats stats = new DeploymentStats();
    Router router = new Router(config, adapters, stats, catalog);
    warnAboutUnknownPrices(router);
    Clock clock = Clock.systemUTC();
    String redis = config.server().redisUrl();
    BreakerSync sync = redis.isEmpty() ? new LocalBreakerSync()
        : RedisBreakerSync.connect(redis, UUID.randomUUID().toString(), metrics.registry());
    Breakers breakers = new Breakers(metrics.registry(), clock, sync);
    ProviderHealth health = new ProviderHealth(clock);
    config.providers().keySet().forEach(health::register);
    health.bindTo(metrics.registry());
    CostRecorder costs = new CostRecorder(new CostCalculator(metrics.registry(), catalog),
        metrics.registry());
    RoutingServices services = RoutingServices.of(config.routing(), config.providers(), breakers,
        stats, health, costs);
    RoutingViews views = new RoutingViews(config, router, services, catalog,
        System.currentTimeMillis(), loops);
    CatalogCache cache = new CatalogCache(metrics.registry());
    // Bedrock's runtime has no model list to GET with a plain key (a probe would need SigV4 and
    // read 403 as "down"), so its providers are judged by their real requests only.
    HealthProber prober = new HealthProber(vertx, config.routing().health(),
        config.providers().values().stream().filter(p -> p.bedrock() == null).toList(), health);
    prober.start();
    return new RoutingAssembly(router, services,
        new RoutingAdmin(router, services, views, cache, () -> reread(config)), prober, breakers);
  }

  /** The file the gateway started from, read again; the running server settings are kept. */
  private static GatewayConfig reread(GatewayConfig running) {
    Path file = Path.of(running.source());
    if (!Files.isRegularFile(file)) {
      throw GatewayException.invalid(null, "This gateway was not started from a configuration"
          + " file (" + running.source() + "), so there is nothing to reload.");
    }
    return ConfigLoader.load(file, System.getenv()).withServer(running.server());
  }

  /** Names, once at start, the configured models whose cost the gateway cannot compute. */
  private static void warnAboutUnknownPrices(Router router) {
    List<String> unpriced = new ArrayList<>();
    router.configuredRoutes().forEach((name, route) -> {
      if (route.deployments().stream().anyMatch(d -> d.pricing() == null)) {
        unpriced.add(name);
      }
    });
    if (!unpriced.isEmpty()) {
      LoggerFactory.getLogger(RoutingAssembly.class).warn("no price known for model(s) {}: their"
          + " cost is not computed (catalog_unknown_price_total counts them); set"
          + " models.<name>.pricing", unpriced);
    }
  }

  void close() {
    prober.stop();
    breakers.close();
  }
}
