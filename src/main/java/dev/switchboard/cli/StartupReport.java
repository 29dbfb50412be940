package dev.switchboard.cli;

import dev.switchboard.Gateway;
import dev.switchboard.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator, at start, what the gateway is serving and what to do next: where it listens,
 * which providers and models it has, and warnings for an open data plane or the built-in simulator.
 * Stateless.
 */
final class StartupReport {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard");

  private StartupReport() {}

  static void print(Gateway g) {
    GatewayConfig c = g.config();
    String base = "http://" + displayHost(c.server().host()) + ":" + g.port();
    LOG.info("Switchboard listening on {}/v1 (configuration: {})", base, c.source());
    LOG.info("providers: {}; models: {}", c.providers().keySet(),
        c.models().isEmpty() ? "none configured (use provider/model)" : c.models().keySet());
    if (g.simulator() != null) {
      LOG.warn("No provider is configured, so the built-in upstream simulator answers every"
          + " request (fake completions). To use a real provider, export its key (e.g."
          + " OPENAI_API_KEY, GROQ_API_KEY) or start with --config FILE (see examples/). Try: curl"
          + " {}/v1/chat/completions -H 'Content-Type: application/json' -d '{}'", base,
          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }
    if (!c.server().hasMasterKey()) {
      LOG.warn("No master key is set: anyone who can reach this port can use it. Set"
          + " SWITCHBOARD_MASTER_KEY or server.master_key.");
    }
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
  }
}
