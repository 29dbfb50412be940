package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Endpoint;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Shared helpers for the Bedrock adapter tests: fixtures, exchanges, a fixed clock, and
 * event-stream frames encoded with the AWS codec.
 */
final class BedrockFixtures {
  static final Path DIR = Path.of("src/test/resources/fixtures/bedrock");
  static final long CREATED = 1_760_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(CREATED), ZoneOffset.UTC);
  static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  static final BedrockCredentials KEYS =
      new BedrockCredentials("us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "");

  private BedrockFixtures() {}

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

  static UpstreamTarget target(String provider, String apiKey) {
    return UpstreamTarget.of(provider, "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com",
        apiKey, "", Map.of(), MODEL);
  }

  /** One event frame as ConverseStream sends it. */
  static byte[] event(String type, JsonNode payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return encode(new Message(headers, payload.toString().getBytes(
        java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** An exception frame, e.g. {@code throttlingException}. */
  static byte[] exception(String type, String message) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return encode(new Message(headers, Json.MAPPER.createObjectNode().put("message", message)
        .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  static byte[] encode(Message m) {
    ByteBuffer bb = m.toByteBuffer();
    byte[] out = new byte[bb.remaining()];
    bb.get(out);
    return out;
  }

  /** The frames of a {@code *.events.json} fixture ({@code [{"event","payload"}]}), joined. */
  static byte[] stream(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode e : json(name)) {
      out.writeBytes(event(e.get("event").asText(), e.get("payload")));
    }
    return out.toByteArray();
  }
}
