package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Shared helpers for the Gemini adapter tests: fixtures, exchanges, a fixed clock. */
final class GeminiFixtures {
  static final Path DIR = Path.of("src/test/resources/fixtures/gemini");
  static final long CREATED = 1_760_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC);

  private GeminiFixtures() {}

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(DIR.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return Json.MAPPER.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Buffer b) {
    try {
      return Json.MAPPER.readTree(b.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Exchange exchange(String json) {
    try {
      ObjectNode body = (ObjectNode) Json.MAPPER.readTree(json);
      return new Exchange("req-1", Endpoint.CHAT, MultiMap.caseInsensitiveMultiMap(), body,
          Buffer.buffer(json), System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UpstreamTarget target(String baseUrl) {
    return UpstreamTarget.of("gem", "gemini", baseUrl, "AIza-test", "",
        Map.of("x-goog-user-project", "p1"), "gemini-2.5-flash");
  }
}
