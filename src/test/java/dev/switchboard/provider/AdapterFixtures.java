package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What every adapter's golden-fixture tests share: the fixture files of one provider family
 * ({@code src/test/resources/fixtures/<family>/}), chat exchanges built from JSON, and the fixed
 * clock the golden answers were stamped with.
 *
 * <p>Immutable; safe to share.
 */
public final class AdapterFixtures {
  /** The {@code created} time in the golden answers. */
  public static final long CREATED = 1_760_000_000L;
  public static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC);

  private final Path dir;

  private AdapterFixtures(Path dir) {
    this.dir = dir;
  }

  /** The fixtures of {@code family} ({@code anthropic}, {@code gemini}, …). */
  public static AdapterFixtures of(String family) {
    return new AdapterFixtures(Path.of("src/test/resources/fixtures", family));
  }

  public byte[] bytes(String name) {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode json(String name) {
    return parse(bytes(name));
  }

  public static JsonNode json(Buffer b) {
    return parse(b.getBytes());
  }

  /** A chat-completions exchange whose client sent {@code json}. */
  public static Exchange exchange(String json) {
    ObjectNode body = (ObjectNode) parse(json.getBytes(StandardCharsets.UTF_8));
    return new Exchange("req-1", Endpoint.CHAT, MultiMap.caseInsensitiveMultiMap(), body,
        Buffer.buffer(json), System.nanoTime());
  }

  /** The non-blank lines of a fixture (golden chunks, one JSON per line). */
  public List<String> lines(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
        .toList();
  }

  /**
   * Feeds {@code wire} to {@code decoder} in pieces of 1..{@code maxPiece} bytes, cutting inside
   * lines, frames and UTF-8 characters, then finishes it; returns the chunks it emitted.
   */
  public static List<String> feedInPieces(StreamDecoder decoder, byte[] wire, Random random,
      int maxPiece) {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < wire.length; ) {
      int n = Math.min(wire.length - i, 1 + random.nextInt(maxPiece));
      decoder.feed(Buffer.buffer(Arrays.copyOfRange(wire, i, i + n)),
          c -> chunks.add(c.toString(StandardCharsets.UTF_8)));
      i += n;
    }
    decoder.finish(c -> chunks.add(c.toString(StandardCharsets.UTF_8)));
    return chunks;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
