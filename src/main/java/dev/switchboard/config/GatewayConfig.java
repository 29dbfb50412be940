package dev.switchboard.config;

import java.util.Map;

/**
 * The validated, immutable configuration snapshot the gateway runs on.
 *
 * <p>Built only by {@link ConfigLoader}; every instance has passed validation, so consumers never
 * re-check it. Immutable and safe to share between threads; a reload swaps the whole snapshot.
 *
 * @param server the HTTP edge settings
 * @param upstream how the gateway talks to providers (timeouts, pools)
 * @param providers upstream endpoints by name, in declaration order
 * @param models client-facing model names, in declaration order
 * @param routing load balancing, retries, failover, breakers and health probing
 * @param storage where durable state lives
 * @param policies transformations, guardrails and the response cache
 * @param source where this snapshot came from (a file path, or a description of the embedded defaults)
 */
public record GatewayConfig(
    ServerSpec server,
    UpstreamSpec upstream,
    Map<String, ProviderSpec> providers,
    Map<String, ModelSpec> models,
    RoutingSpec routing,
    StorageSpec storage,
    PolicySpec policies,
    String source) {

  /** A configuration with the default routing and storage settings. */
  public GatewayConfig(ServerSpec server, UpstreamSpec upstream, Map<String, ProviderSpec> providers,
      Map<String, ModelSpec> models, String source) {
    this(server, upstream, providers, models, RoutingSpec.defaults(), StorageSpec.defaults(),
        PolicySpec.defaults(), source);
  }

  /** A configuration with the default storage settings. */
  public GatewayConfig(ServerSpec server, UpstreamSpec upstream, Map<String, ProviderSpec> providers,
      Map<String, ModelSpec> models, RoutingSpec routing, String source) {
    this(server, upstream, providers, models, routing, StorageSpec.defaults(),
        PolicySpec.defaults(), source);
  }

  /** The same configuration with other server settings. */
  public GatewayConfig withServer(ServerSpec other) {
    return new GatewayConfig(other, upstream, providers, models, routing, storage, policies,
        source);
  }

  public GatewayConfig {
    providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
    models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
  }
}
