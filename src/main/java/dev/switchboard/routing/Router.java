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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the model a client asked for to a {@link Route}: a configured name first, then
 * {@code provider/model} for any configured provider, then — when exactly one provider is
 * configured — any other name on that provider.
 *
 * <p>Threading: immutable configuration plus a bounded concurrent cache of on-the-fly routes; safe
 * from every event loop.
 */
public final class Router {
  private static final int MAX_DYNAMIC_ROUTES = 10_000;

  private final Map<String, Route> configured;
  private final Map<String, ProviderSpec> providers;
  private final Adapters adapters;
  private final Map<String, Route> dynamic = new ConcurrentHashMap<>();

  public Router(GatewayConfig config, Adapters adapters) {
    this.providers = config.providers();
    this.adapters = adapters;
    Map<String, Route> routes = new LinkedHashMap<>();
    for (ModelSpec m : config.models().values()) {
      List<Deployment> ds = new ArrayList<>();
      for (DeploymentSpec d : m.deployments()) {
        ds.add(deployment(providers.get(d.provider()), d.model(), d.weight(), m.pricing()));
      }
      routes.put(m.name(), new Route(m.name(), ds));
    }
    this.configured = java.util.Collections.unmodifiableMap(routes);
  }

  private Deployment deployment(ProviderSpec p, String model, int weight, Pricing pricing) {
    ProviderAdapter adapter = adapters.forType(p.type()).orElseThrow(() ->
        new IllegalStateException("no adapter for provider type " + p.type()));
    UpstreamTarget target = UpstreamTarget.of(p.name(), p.type(), p.baseUrl(), p.apiKey(),
        p.apiVersion(), p.headers(), model);
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

  /** The route for a model, if the gateway can serve it. */
  public Optional<Route> find(String model) {
    if (model == null || model.isEmpty()) {
      return Optional.empty();
    }
    Route r = configured.get(model);
    if (r != null) {
      return Optional.of(r);
    }
    r = dynamic.get(model);
    if (r != null) {
      return Optional.of(r);
    }
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
      return Optional.empty();
    }
    r = new Route(model, List.of(deployment(p, upstreamModel, 1, null)));
    if (dynamic.size() < MAX_DYNAMIC_ROUTES) {
      dynamic.put(model, r);
    }
    return Optional.of(r);
  }

  /** The configured routes, in declaration order. */
  public Map<String, Route> configuredRoutes() {
    return configured;
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
