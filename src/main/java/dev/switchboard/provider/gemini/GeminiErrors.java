package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import dev.switchboard.provider.UpstreamErrorText;
import dev.switchboard.provider.UpstreamTarget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Locale;

/**
 * Maps Gemini error answers (Google's {@code {"error":{"code","message","status"}}}, as an HTTP
 * response or inside a stream event) to a {@link GatewayException}. Rate limits and unavailable
 * answers stay retryable so the next deployment is tried; {@code retry-after} is passed on.
 *
 * <p>Threading: stateless.
 */
final class GeminiErrors {
  private GeminiErrors() {}

  static GatewayException map(UpstreamTarget target, int status, MultiMap headers, Buffer body) {
    JsonNode err = error(body);
    String googleStatus = err == null ? "" : err.path("status").asText("");
    String message = err != null ? err.path("message").asText("") : Json.excerpt(body, 300);
    String retryAfter = headers == null ? null : headers.get("retry-after");
    // Google answers a bad key with 400 INVALID_ARGUMENT; it is still a credentials problem.
    if (err != null && badKey(err)) {
      googleStatus = "UNAUTHENTICATED";
    }
    return UpstreamErrorText.of(kind(status, googleStatus, message), target, status, message,
        retryAfter, body);
  }

  private static ErrorKind kind(int status, String googleStatus, String message) {
    if (status == 401 || status == 403 || "UNAUTHENTICATED".equals(googleStatus)
        || "PERMISSION_DENIED".equals(googleStatus)) {
      return ErrorKind.UPSTREAM_AUTHENTICATION;
    }
    if (status == 429 || "RESOURCE_EXHAUSTED".equals(googleStatus)) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status == 404) {
      return ErrorKind.MODEL_NOT_FOUND;
    }
    if (status == 400 && inputTooLong(message)) {
      return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    }
    if (status == 408 || status == 504 || "DEADLINE_EXCEEDED".equals(googleStatus)) {
      return ErrorKind.UPSTREAM_TIMEOUT;
    }
    if (status == 413) {
      return ErrorKind.PAYLOAD_TOO_LARGE;
    }
    if (status >= 400 && status < 500) {
      return ErrorKind.UPSTREAM_INVALID_REQUEST;
    }
    // 5xx: all retryable, "unavailable" kept apart because it means overload
    return status == 503 || "UNAVAILABLE".equals(googleStatus) ? ErrorKind.UPSTREAM_UNAVAILABLE
        : ErrorKind.UPSTREAM_ERROR;
  }

  /**
   * The {@code error} object of a body. Google sometimes wraps it in a one-element array (seen on
   * stream requests), so both forms are read.
   */
  static JsonNode error(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body.getBytes());
      if (node != null && node.isArray() && !node.isEmpty()) {
        node = node.get(0);
      }
      JsonNode err = node == null ? null : node.get("error");
      return err != null && err.isObject() ? err : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The failure an {@code error} object inside a stream event stands for. */
  static GatewayException streamError(JsonNode err, Buffer data) {
    int code = err.path("code").asInt(500);
    String status = err.path("status").asText("");
    String message = err.path("message").asText("unknown");
    ErrorKind kind = switch (status) {
      case "UNAVAILABLE" -> ErrorKind.UPSTREAM_UNAVAILABLE;
      case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
      case "INVALID_ARGUMENT" -> inputTooLong(message)
          ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : ErrorKind.UPSTREAM_INVALID_REQUEST;
      case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ErrorKind.UPSTREAM_AUTHENTICATION;
      case "DEADLINE_EXCEEDED" -> ErrorKind.UPSTREAM_TIMEOUT;
      default -> code == 503 ? ErrorKind.UPSTREAM_UNAVAILABLE : ErrorKind.UPSTREAM_ERROR;
    };
    return GatewayException.builder(kind,
            "The provider reported an error in the middle of the stream: " + message)
        .upstreamBody(Json.excerpt(data, 2000)).build();
  }

  private static boolean badKey(JsonNode err) {
    for (JsonNode d : err.path("details")) {
      if ("API_KEY_INVALID".equals(d.path("reason").asText())) {
        return true;
      }
    }
    return err.path("message").asText("").toLowerCase(Locale.ROOT).contains("api key not valid");
  }

  /** Gemini words this as "The input token count (N) exceeds the maximum number of tokens …". */
  private static boolean inputTooLong(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return (m.contains("input token count") && m.contains("exceeds"))
        || m.contains("exceeds the maximum number of tokens") || m.contains("too long")
        || m.contains("context window");
  }
}
