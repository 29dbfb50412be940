package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.ErrorCategory;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Renders a {@link GatewayException} as the OpenAI error envelope
 * {@code {"error":{"message","type","code","param"}}} plus the gateway's own fields, which OpenAI
 * clients ignore: {@code category} and {@code action} (what to do about it, see
 * {@link ErrorCategory}), {@code retry_after} in seconds when retrying later will help, and the
 * provider's raw error (if any) under {@code upstream} for debugging. Never includes a stack trace.
 * Stateless.
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
    ErrorCategory category = e.kind().category();
    err.put("category", category.id());
    err.put("action", category.action());
    Integer retryAfter = retryAfterSeconds(e.retryAfter());
    if (retryAfter != null) {
      err.put("retry_after", retryAfter);
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

  /** The Retry-After delay in whole seconds, or null when absent or an HTTP date. */
  private static Integer retryAfterSeconds(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return null;
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
