package dev.switchboard.routing;

import dev.switchboard.config.DeploymentSpec;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelSpec;
import dev.switchboard.config.Pricing;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Adapters;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamTarget;
import dev.switchboard.routing.balance.DeploymentStats;
import dev.switchboard.routing.balance.Strategies;
import dev.switchboard.routing.catalog.CatalogEntry;
import dev.switchboard.routing.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the model a client asked for to a {@link Route}: a configured name or alias first, then
 * {@code provider/model} for any configured provider, then — when exactly one provider is
 * configured and no models — any other name on that provider. Deployments get their prices from
 * the model's configuration, else from the shipped catalog.
 *
 * <p>Threading: safe from every event loop. Configured routes live in a copy-on-write map (the admin
 * API may add a deployment at run time); on-the-fly routes in a bounded concurrent cache.
 */
public final class Router {
  private static final int MAX_DYNAMIC_ROUTES = 10_000;

  private final Map<String, ProviderSpec> providers;
  private final Adapters adapters;
  private final DeploymentStats stats;
  private final ModelCatalog catalog;
  private final String defaultStrategy;
  private volatile Map<String, String> aliases;
  private volatile Map<String, Route> configured;
  private final Map<String, Route> dynamic = new ConcurrentHashMap<>();

  public Router(GatewayConfig config, Adapters adapters, DeploymentStats stats,
      ModelCatalog catalog) {
    this.providers = config.providers();
    this.adapters = adapters;
    this.stats = stats;
    this.catalog = catalog;
    this.defaultStrategy = config.routing().strategy();
    install(config);
  }

  /** Builds the configured routes and aliases of {@code config} and makes them current. */
  private void install(GatewayConfig config) {
    Map<String, Route> routes = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (ModelSpec m : config.models().values()) {
      List<Deployment> ds = new ArrayList<>();
      for (DeploymentSpec d : m.deployments()) {
        ds.add(deployment(providers.get(d.provider()), d.model(), d.weight(), m.pricing()));
      }
      String strategy = m.strategy().isEmpty() ? defaultStrategy : m.strategy();
      routes.put(m.name(), new Route(m.name(), ds, Strategies.create(strategy, stats),
          m.fallbacks(), m.contextWindowFallback(), m.contentPolicyFallback()));
      m.aliases().forEach(a -> names.put(a, m.name()));
    }
    this.aliases = Collections.unmodifiableMap(names);
    this.configured = Collections.unmodifiableMap(routes);
    dynamic.clear();
  }

  /**
   * Replaces the configured models by those of a reloaded configuration (same providers; the
   * caller checks). Requests already routed finish on their old route.
   */
  public synchronized void reload(GatewayConfig config) {
    install(config);
  }

  private Deployment deployment(ProviderSpec p, String model, int weight, Pricing configured) {
    ProviderAdapter adapter = adapters.forType(p.type()).orElseThrow(() ->
        new IllegalStateException("no adapter for provider type " + p.type()));
    UpstreamTarget target = UpstreamTarget.of(p.name(), p.type(), p.baseUrl(), p.apiKey(),
        p.apiVersion(), p.headers(), model);
    Pricing pricing = configured != null ? configured
        : catalog.find(model).map(CatalogEntry::pricing).orElse(null);
    return new Deployment(p.name() + "/" + model, target, adapter, weight, pricing, p.apiKeys());
  }

  /** The route for a requested model, or a MODEL_NOT_FOUND error that says what exists. */
  public Route resolve(String model) {
    Route r = find(model).orElse(null);
    if (r == null) {
      throw notFound(model);
    }
    return r;
  }

  /** The route for a model or alias, if the gateway can serve it. */
  public Optional<Route> find(String model) {
    if (model == null || model.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Route> routes = configured;
    Route r = routes.get(model);
    Map<String, String> names = aliases;
    if (r == null && !names.isEmpty()) {
      String target = names.get(model);
      r = target == null ? null : routes.get(target);
    }
    if (r == null) {
      r = dynamic.get(model);
    }
    return r != null ? Optional.of(r) : Optional.ofNullable(dynamicRoute(model));
  }

  private Route dynamicRoute(String model) {
    int slash = model.indexOf('/');
    ProviderSpec p = null;
    String upstreamModel = model;
    if (slash > 0 && slash < model.length() - 1) {
      p = providers.get(model.substring(0, slash));
      upstreamModel = model.substring(slash + 1);
    }
    if (p == null && providers.size() == 1 && configured.isEmpty()) {
      p = providers.values().iterator().next();
      upstreamModel = model;
    }
    if (p == null) {
      return null;
    }
    Route r = new Route(model, List.of(deployment(p, upstreamModel, 1, null)),
        Strategies.create(defaultStrategy, stats), List.of(), "", "");
    if (dynamic.size() < MAX_DYNAMIC_ROUTES) {
      dynamic.put(model, r);
    }
    return r;
  }

  /**
   * Adds a deployment of a configured provider to a configured model at run time (admin API).
   * Returns the new route. Not persisted: a restart returns to the configuration file.
   */
  public synchronized Route addDeployment(String model, String provider, String upstreamModel,
      int weight) {
    Route r = configured.get(model);
    ProviderSpec p = providers.get(provider);
    if (r == null || p == null) {
      throw GatewayException.builder(ErrorKind.NOT_FOUND, r == null
          ? "No configured model '" + model + "'." : "No configured provider '" + provider + "'.")
          .build();
    }
    Pricing pricing = r.deployments().get(0).pricing();
    Route updated = r.withDeployment(deployment(p, upstreamModel, Math.max(1, weight), pricing));
    Map<String, Route> copy = new LinkedHashMap<>(configured);
    copy.put(model, updated);
    configured = Collections.unmodifiableMap(copy);
    return updated;
  }

  /** The configured routes, in declaration order. */
  public Map<String, Route> configuredRoutes() {
    return configured;
  }

  /** Aliases and the configured model each stands for. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** The configured providers by name. */
  public Map<String, ProviderSpec> providers() {
    return providers;
  }

  private GatewayException notFound(String model) {
    StringBuilder msg = new StringBuilder("The model '").append(model)
        .append("' does not exist on this gateway.");
    if (!configured.isEmpty()) {
      msg.append(" Configured models: ").append(String.join(", ", firstNames(20))).append('.');
    }
    if (!providers.isEmpty()) {
      msg.append(" Any model of a configured provider can be addressed as 'provider/model' (")
          .append(String.join(", ", providers.keySet())).append(").");
    } else {
      msg.append(" No provider is configured: set a provider key such as OPENAI_API_KEY or start"
          + " the gateway with --config.");
    }
    return GatewayException.builder(ErrorKind.MODEL_NOT_FOUND, msg.toString()).param("model")
        .build();
  }

  private List<String> firstNames(int max) {
    List<String> names = new ArrayList<>();
    for (String n : configured.keySet()) {
      if (names.size() == max) {
        names.add("…");
        break;
      }
      names.add(n);
    }
    return names;
  }
}
