package dev.switchboard;

import dev.switchboard.config.DeploymentSpec;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelSpec;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.mock.MockBehavior;
import dev.switchboard.mock.MockOptions;
import dev.switchboard.mock.MockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The zero-configuration experience: when no provider is configured, the upstream simulator runs
 * in-process on a random loopback port and is served as provider {@code simulator}, with a few
 * familiar model names, so that a first request answers without any API key. Stateless.
 */
final class EmbeddedSimulator {
  static final String PROVIDER = "simulator";
  static final List<String> MODELS =
      List.of("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "dall-e-3");

  private EmbeddedSimulator() {}

  static Future<MockServer> start(Vertx vertx) {
    return MockServer.start(vertx, MockOptions.defaults().withHost("127.0.0.1").withPort(0)
        .withEventLoops(1).withBehavior(MockBehavior.defaults()));
  }

  static GatewayConfig configure(GatewayConfig config, MockServer mock) {
    Map<String, ProviderSpec> providers = new LinkedHashMap<>();
    providers.put(PROVIDER, new ProviderSpec(PROVIDER, "openai", mock.baseUrl(), "", "",
        Map.of()));
    Map<String, ModelSpec> models = new LinkedHashMap<>(config.models());
    for (String m : MODELS) {
      models.putIfAbsent(m, new ModelSpec(m, List.of(new DeploymentSpec(PROVIDER, m, 1))));
    }
    return new GatewayConfig(config.server(), config.upstream(), providers, models,
        config.routing(), config.storage(), config.policies(),
        config.source() + " + built-in simulator");
  }
}
