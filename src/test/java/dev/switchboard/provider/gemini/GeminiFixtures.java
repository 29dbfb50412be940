package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.provider.AdapterFixtures;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.Map;

/** The Gemini adapter tests' fixtures ({@link AdapterFixtures}) and upstream target. */
final class GeminiFixtures {
  private static final AdapterFixtures FILES = AdapterFixtures.of("gemini");
  static final Clock CLOCK = AdapterFixtures.CLOCK;

  private GeminiFixtures() {}

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
    return UpstreamTarget.of("gem", "gemini", baseUrl, "AIza-test", "",
        Map.of("x-goog-user-project", "p1"), "gemini-2.5-flash");
  }
}
