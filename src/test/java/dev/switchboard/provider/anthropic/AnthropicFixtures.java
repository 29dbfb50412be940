package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.provider.AdapterFixtures;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.Map;

/** The Anthropic adapter tests' fixtures ({@link AdapterFixtures}) and upstream target. */
final class AnthropicFixtures {
  private static final AdapterFixtures FILES = AdapterFixtures.of("anthropic");
  static final Clock CLOCK = AdapterFixtures.CLOCK;

  private AnthropicFixtures() {}

  static byte[] bytes(String name) {
    return FILES.bytes(name);
  }

  static JsonNode json(String name) {
    return FILES.json(name);
  }

  static JsonNode json(Buffer b) {
    return AdapterFixtures.json(b);
  }

  static Exchange exchange(String json) {
    return AdapterFixtures.exchange(json);
  }

  static UpstreamTarget target(String baseUrl) {
    return UpstreamTarget.of("claude", "anthropic", baseUrl, "sk-ant-test", "",
        Map.of("anthropic-beta", "x"), "claude-sonnet-4-5");
  }
}
