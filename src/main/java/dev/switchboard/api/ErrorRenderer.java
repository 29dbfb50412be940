package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Renders a {@link GatewayException} as the OpenAI error envelope
 * {@code {"error":{"message","type","code","param"}}}, with the provider's raw error (if any) kept
 * under {@code error.upstream} for debugging. Never includes a stack trace. Stateless.
 */
public final class ErrorRenderer {
  private ErrorRenderer() {}

  /** The envelope as JSON bytes. */
  public static Buffer envelope(GatewayException e) {
    return Buffer.buffer(envelopeJson(e));
  }

  /** The envelope as a JSON string (also used inside SSE error events). */
  public static String envelopeJson(GatewayException e) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode err = root.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.kind().type());
    err.put("code", e.kind().code());
    if (e.param() == null) {
      err.putNull("param");
    } else {
      err.put("param", e.param());
    }
    if (e.upstreamBody() != null && !e.upstreamBody().isEmpty()) {
      ObjectNode up = err.putObject("upstream");
      if (e.upstreamStatus() > 0) {
        up.put("status", e.upstreamStatus());
      }
      up.set("body", parseOrText(e.upstreamBody()));
    }
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      return "{\"error\":{\"message\":\"internal error\",\"type\":\"server_error\","
          + "\"code\":\"internal_error\",\"param\":null}}";
    }
  }

  private static JsonNode parseOrText(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException | RuntimeException e) {
      return Json.MAPPER.getNodeFactory().textNode(body);
    }
  }
}
